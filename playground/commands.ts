import { parseDuration } from '../src/domain/time/duration.js';

// Parsing of playground lines: slash commands as typed in Discord, and the playground's own verbs.

export type PlaygroundCommand =
  | { kind: 'slash'; text: string }
  | { kind: 'as'; member: string }
  | { kind: 'in'; channel: string }
  | { kind: 'click'; target: string }
  | { kind: 'select'; target: string; values: string[] }
  | { kind: 'submit'; text: string }
  | { kind: 'cancel' }
  | { kind: 'advance'; ms: number; text: string }
  | { kind: 'time' }
  | { kind: 'show' }
  | { kind: 'who' }
  | { kind: 'complete'; text: string }
  | { kind: 'expect'; text: string }
  | { kind: 'help'; topic?: string }
  | { kind: 'quit' };

export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParseError';
  }
}

/** Splits on spaces; "double" or 'single' quotes keep spaces, backslash escapes the next character. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      current += text[++i] ?? '';
      started = true;
    } else if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (quote) throw new ParseError(`unclosed quote ${quote}`);
  if (started) tokens.push(current);
  return tokens;
}

/** A value as typed: surrounding quotes removed ("a b" → a b), otherwise kept as is. */
export function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2) {
    const first = trimmed[0];
    if ((first === '"' || first === "'") && trimmed.endsWith(first)) {
      return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
    }
  }
  return trimmed;
}

export interface SplitOptions {
  /** Bare words before the first option (subcommand group, subcommand). */
  words: string[];
  /** name → raw value, in the order typed. */
  options: [string, string][];
}

/**
 * Like Discord's client: `name:value` starts an option only for a known option name, and a value runs until
 * the next known `name:` (so `focus:team work level:new` needs no quotes). Quotes are accepted and removed.
 * An unknown `name:` before any option is reported, since it is most likely a typo.
 */
export function splitOptions(text: string, isOption: (name: string) => boolean): SplitOptions {
  const words: string[] = [];
  const options: [string, string][] = [];
  const marker = /(^|\s)([-_\p{L}\p{N}]+):/gu;
  const starts: { name: string; at: number; valueAt: number }[] = [];
  let quote: string | undefined;
  let match: RegExpExecArray | null;
  // Where quoted values are: a `name:` inside quotes is text, not an option.
  const quotedRanges: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === undefined && (ch === '"' || ch === "'") && (i === 0 || /[\s:]/.test(text[i - 1] ?? ''))) {
      quote = ch;
      quotedRanges.push([i, text.length]);
    } else if (quote !== undefined && ch === quote && text[i - 1] !== '\\') {
      quote = undefined;
      const last = quotedRanges[quotedRanges.length - 1];
      if (last) last[1] = i;
    }
  }
  const inQuotes = (at: number) => quotedRanges.some(([a, b]) => at > a && at <= b);
  // Markers of known options, outside quotes.
  while ((match = marker.exec(text)) !== null) {
    const name = match[2] ?? '';
    const at = match.index + (match[1]?.length ?? 0);
    if (inQuotes(at) || !isOption(name)) continue;
    starts.push({ name, at, valueAt: at + name.length + 1 });
  }
  const head = text.slice(0, starts[0]?.at ?? text.length);
  for (const token of tokenize(head)) {
    if (/^[-_\p{L}\p{N}]+:/u.test(token) && !/^https?:/i.test(token)) {
      throw new ParseError(`unknown option "${token.slice(0, token.indexOf(':'))}"`);
    }
    words.push(token);
  }
  starts.forEach((start, i) => {
    const end = starts[i + 1]?.at ?? text.length;
    options.push([start.name, unquote(text.slice(start.valueAt, end))]);
  });
  return { words, options };
}

/** One line of input (already trimmed, not a comment). */
export function parseLine(line: string): PlaygroundCommand {
  if (line.startsWith('/')) return { kind: 'slash', text: line.slice(1) };
  const space = line.search(/\s/);
  const verb = (space < 0 ? line : line.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : line.slice(space + 1).trim();
  const args = () => tokenize(rest);
  const one = (usage: string): string => {
    const list = args();
    if (list.length !== 1 || !list[0]) throw new ParseError(`usage: ${usage}`);
    return list[0];
  };
  switch (verb) {
    case 'as':
      return { kind: 'as', member: one('as <member>').replace(/^@/, '') };
    case 'in':
      return { kind: 'in', channel: one('in #<channel>').replace(/^#/, '') };
    case 'click':
      if (!rest) throw new ParseError('usage: click <n>   (or click <button label>)');
      return { kind: 'click', target: unquote(rest) };
    case 'select': {
      const [target, ...values] = args();
      if (!target || values.length === 0) throw new ParseError('usage: select <n> <option> [<option>…]');
      return { kind: 'select', target, values };
    }
    case 'submit':
      return { kind: 'submit', text: rest };
    case 'cancel':
      return { kind: 'cancel' };
    case 'advance': {
      if (!rest) throw new ParseError('usage: advance <duration>, e.g. advance 2h, advance 1d, advance 1w');
      const parsed = parseDuration(rest.replace(/\s+/g, ''));
      if (!parsed.ok) throw new ParseError(parsed.error);
      return { kind: 'advance', ms: parsed.ms, text: rest.replace(/\s+/g, '') };
    }
    case 'time':
    case 'now':
      return { kind: 'time' };
    case 'show':
      return { kind: 'show' };
    case 'who':
      return { kind: 'who' };
    case 'complete':
      if (!rest.startsWith('/'))
        throw new ParseError('usage: complete /<command> … <option>:<what you typed>');
      return { kind: 'complete', text: rest.slice(1) };
    case 'expect':
      if (!rest) throw new ParseError('usage: expect <text the last output must contain>');
      return { kind: 'expect', text: unquote(rest) };
    case 'help':
    case '?':
      return rest ? { kind: 'help', topic: rest.replace(/^\//, '') } : { kind: 'help' };
    case 'quit':
    case 'exit':
      return { kind: 'quit' };
    default:
      throw new ParseError(`unknown command "${verb}": type help (slash commands start with /)`);
  }
}
