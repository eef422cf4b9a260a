import { ApplicationCommandOptionType as T, PermissionFlagsBits } from 'discord-api-types/v10';
import type { OptionInput } from '../fake-discord/index.js';
import { ParseError, splitOptions } from './commands.js';
import { dicts, num, str, type Dict } from './json.js';

// Slash commands typed as in Discord, checked against the definitions the bot registered (never a hard-coded
// list): the subcommand, option names, types, choices and required options.

export interface CommandDef {
  name: string;
  description: string;
  options?: Dict[];
  default_member_permissions: string | null;
}

export interface ParsedSlash {
  name: string;
  group?: string;
  subcommand?: string;
  options: Record<string, OptionInput>;
  /** Option definitions of the chosen (sub)command, for autocomplete. */
  optionDefs: Dict[];
}

const TYPE_NAMES: Record<number, string> = {
  [T.String]: 'text',
  [T.Integer]: 'whole number',
  [T.Boolean]: 'True/False',
  [T.User]: '@member',
  [T.Channel]: '#channel',
  [T.Role]: '@role',
  [T.Mentionable]: '@member or @role',
  [T.Number]: 'number',
  [T.Attachment]: 'file',
};

const isGroupOrSub = (o: Dict) => o['type'] === T.Subcommand || o['type'] === T.SubcommandGroup;

/** Whether a member with these permissions sees the command (Discord hides the others). */
export function visibleTo(command: CommandDef, permissions: bigint): boolean {
  const required = command.default_member_permissions;
  if (required === null || required === undefined) return true;
  const bits = BigInt(required);
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return true;
  return (permissions & bits) === bits;
}

export function needsManageServer(command: CommandDef): boolean {
  const required = command.default_member_permissions;
  return (
    required !== null && required !== undefined && (BigInt(required) & PermissionFlagsBits.ManageGuild) !== 0n
  );
}

/** Every leaf of a command: `/checkin join`, `/checkin pause weeks:<whole number>`… */
export function leaves(command: CommandDef): { path: string[]; description: string; options: Dict[] }[] {
  const out: { path: string[]; description: string; options: Dict[] }[] = [];
  const walk = (options: Dict[], path: string[], description: string) => {
    const nested = options.filter(isGroupOrSub);
    if (nested.length === 0) {
      out.push({ path, description, options });
      return;
    }
    for (const o of nested)
      walk(dicts(o['options']), [...path, str(o['name']) ?? ''], str(o['description']) ?? '');
  };
  walk(command.options ?? [], [command.name], command.description);
  return out;
}

export function optionUsage(option: Dict): string {
  const name = str(option['name']) ?? '';
  const choices = dicts(option['choices']).map((c) => String(c['value']));
  const type = num(option['type']) ?? T.String;
  const what =
    choices.length > 0 && choices.length <= 8
      ? choices.join('|')
      : option['autocomplete'] === true
        ? `${TYPE_NAMES[type] ?? 'value'}, Tab completes`
        : (TYPE_NAMES[type] ?? 'value');
  const text = `${name}:<${what}>`;
  return option['required'] === true ? text : `[${text}]`;
}

export function usage(path: string[], options: Dict[]): string {
  return ['/' + path.join(' '), ...options.map(optionUsage)].join(' ');
}

function findCommand(commands: readonly CommandDef[], name: string): CommandDef {
  const command = commands.find((c) => c.name === name.toLowerCase());
  if (!command) {
    throw new ParseError(
      `no command /${name}. Commands: ${commands.map((c) => `/${c.name}`).join(', ')} (help lists them)`,
    );
  }
  return command;
}

/** Resolves `/cmd [group] [sub] opt:value…` to the fake's slash input, or explains what is wrong. */
export function parseSlash(commands: readonly CommandDef[], text: string): ParsedSlash {
  const space = text.search(/\s/);
  const name = space < 0 ? text : text.slice(0, space);
  const rest = space < 0 ? '' : text.slice(space + 1);
  const command = findCommand(commands, name);
  let defs = command.options ?? [];
  const path = [command.name];
  let group: string | undefined;
  let subcommand: string | undefined;
  // Walk the bare words first: they pick the group and subcommand, which decide the option names.
  const words = rest.trim().split(/\s+/).filter(Boolean);
  let consumed = 0;
  while (defs.some(isGroupOrSub)) {
    const word = words[consumed]?.includes(':') ? undefined : words[consumed];
    const choices = defs.filter(isGroupOrSub);
    const list = choices.map((o) => str(o['name'])).join(', ');
    if (!word) throw new ParseError(`/${path.join(' ')} needs one of: ${list}`);
    const chosen = choices.find((o) => o['name'] === word.toLowerCase());
    if (!chosen) throw new ParseError(`/${path.join(' ')} has no "${word}"; choose one of: ${list}`);
    if (chosen['type'] === T.SubcommandGroup) group = str(chosen['name']);
    else subcommand = str(chosen['name']);
    path.push(str(chosen['name']) ?? word);
    defs = dicts(chosen['options']);
    consumed += 1;
  }
  // Drop the consumed words from the text, then read the options.
  let remaining = rest.trim();
  for (let i = 0; i < consumed; i++) remaining = remaining.replace(/^\S+\s*/, '');
  const names = new Set(defs.map((d) => str(d['name']) ?? ''));
  const split = splitOptions(remaining, (n) => names.has(n));
  if (split.words.length > 0) {
    throw new ParseError(
      `unexpected "${split.words.join(' ')}" after /${path.join(' ')}. Usage: ${usage(path, defs)}`,
    );
  }
  const options: Record<string, OptionInput> = {};
  for (const [optionName, raw] of split.options) {
    const def = defs.find((d) => d['name'] === optionName);
    if (!def) continue;
    if (optionName in options) throw new ParseError(`option ${optionName} is given twice`);
    options[optionName] = typedValue(def, raw);
  }
  const missing = defs.filter((d) => d['required'] === true && !(String(d['name']) in options));
  if (missing.length > 0) {
    throw new ParseError(
      `/${path.join(' ')} needs ${missing.map((d) => String(d['name'])).join(', ')}. Usage: ${usage(path, defs)}`,
    );
  }
  return {
    name: command.name,
    ...(group ? { group } : {}),
    ...(subcommand ? { subcommand } : {}),
    options,
    optionDefs: defs,
  };
}

/** Option text → the value Discord's client would send; choices accept their name or value. */
export function typedValue(def: Dict, raw: string): OptionInput {
  const name = str(def['name']) ?? '';
  if (raw === '') throw new ParseError(`${name}: no value after "${name}:"`);
  const type = num(def['type']) ?? T.String;
  const choices = dicts(def['choices']);
  if (choices.length > 0) {
    const lower = raw.toLowerCase();
    const chosen =
      choices.find((c) => String(c['value']).toLowerCase() === lower) ??
      choices.find((c) => String(c['name']).toLowerCase() === lower);
    if (!chosen) {
      throw new ParseError(
        `${name}: "${raw}" is not one of ${choices.map((c) => String(c['value'])).join(', ')}`,
      );
    }
    const value = chosen['value'];
    return typeof value === 'number' || typeof value === 'string' ? value : String(value);
  }
  switch (type) {
    case T.Integer:
    case T.Number: {
      const value = Number(raw);
      if (raw === '' || Number.isNaN(value) || (type === T.Integer && !Number.isInteger(value)))
        throw new ParseError(`${name}: "${raw}" is not a ${TYPE_NAMES[type]}`);
      const min = num(def['min_value']);
      const max = num(def['max_value']);
      if ((min !== undefined && value < min) || (max !== undefined && value > max))
        throw new ParseError(`${name}: must be between ${min ?? '-∞'} and ${max ?? '∞'}`);
      return value;
    }
    case T.Boolean: {
      const lower = raw.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(lower)) return true;
      if (['false', 'no', 'n', '0'].includes(lower)) return false;
      throw new ParseError(`${name}: use True or False`);
    }
    case T.User:
      return { user: raw.replace(/^<@!?(\d+)>$/, '$1').replace(/^@/, '') };
    case T.Channel:
      return { channel: raw.replace(/^<#(\d+)>$/, '$1').replace(/^#/, '') };
    case T.Role:
      return { role: raw.replace(/^<@&(\d+)>$/, '$1').replace(/^@/, '') };
    case T.Mentionable:
      return { mentionable: raw.replace(/^<@[!&]?(\d+)>$/, '$1').replace(/^@/, '') };
    case T.Attachment:
      throw new ParseError(`${name}: attachments cannot be typed in the playground`);
    default: {
      const min = num(def['min_length']);
      const max = num(def['max_length']);
      if (max !== undefined && [...raw].length > max)
        throw new ParseError(`${name}: at most ${max} characters`);
      if (min !== undefined && [...raw].length < min)
        throw new ParseError(`${name}: at least ${min} characters`);
      return raw;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Completion
// ---------------------------------------------------------------------------------------------------------

export type CompletionRequest =
  | { kind: 'list'; candidates: string[] }
  /** An autocomplete option: ask the bot, as Discord does while the member types. */
  | {
      kind: 'autocomplete';
      parsed: Omit<ParsedSlash, 'options' | 'optionDefs'>;
      options: Record<string, OptionInput>;
      focused: string;
      typed: string;
      prefix: string;
    };

/** What Tab offers for a partly typed slash command (text after the leading slash). */
export function completeSlash(commands: readonly CommandDef[], text: string): CompletionRequest {
  const words = text.split(/\s+/);
  const last = words[words.length - 1] ?? '';
  const before = text.slice(0, text.length - last.length);
  if (words.length === 1) {
    return {
      kind: 'list',
      candidates: commands.map((c) => `/${c.name} `).filter((c) => c.startsWith(`/${last}`)),
    };
  }
  const command = commands.find((c) => c.name === words[0]);
  if (!command) return { kind: 'list', candidates: [] };
  let defs = command.options ?? [];
  const path: string[] = [];
  let i = 1;
  while (defs.some(isGroupOrSub) && i < words.length - 1) {
    const chosen = defs.find((o) => isGroupOrSub(o) && o['name'] === words[i]);
    if (!chosen) return { kind: 'list', candidates: [] };
    path.push(str(chosen['name']) ?? '');
    defs = dicts(chosen['options']);
    i += 1;
  }
  if (defs.some(isGroupOrSub)) {
    return {
      kind: 'list',
      candidates: defs
        .filter(isGroupOrSub)
        .map((o) => `/${before}${str(o['name']) ?? ''} `)
        .filter((c) => c.startsWith(`/${before}${last}`)),
    };
  }
  const colon = last.indexOf(':');
  if (colon < 0) {
    const used = new Set(words.slice(i).map((w) => w.split(':')[0]));
    return {
      kind: 'list',
      candidates: defs
        .map((d) => str(d['name']) ?? '')
        .filter((n) => !used.has(n) || n === last)
        .map((n) => `/${before}${n}:`)
        .filter((c) => c.startsWith(`/${before}${last}`)),
    };
  }
  const optionName = last.slice(0, colon);
  const typed = last.slice(colon + 1);
  const def = defs.find((d) => d['name'] === optionName);
  if (!def) return { kind: 'list', candidates: [] };
  const choices = dicts(def['choices']);
  if (choices.length > 0) {
    return {
      kind: 'list',
      candidates: choices
        .map((c) => `/${before}${optionName}:${String(c['value'])} `)
        .filter((c) => c.toLowerCase().startsWith(`/${before}${last}`.toLowerCase())),
    };
  }
  if (num(def['type']) === T.Boolean) {
    return {
      kind: 'list',
      candidates: ['True', 'False']
        .map((v) => `/${before}${optionName}:${v} `)
        .filter((c) => c.toLowerCase().startsWith(`/${before}${last}`.toLowerCase())),
    };
  }
  if (def['autocomplete'] !== true) return { kind: 'list', candidates: [] };
  const options: Record<string, OptionInput> = {};
  try {
    const split = splitOptions(words.slice(i, -1).join(' '), (n) => defs.some((d) => d['name'] === n));
    for (const [n, raw] of split.options) {
      const d = defs.find((x) => x['name'] === n);
      if (d) options[n] = typedValue(d, raw);
    }
  } catch {
    // Half-typed earlier options: complete with what parses.
  }
  const group = path.length === 2 ? path[0] : undefined;
  const subcommand = path.length === 2 ? path[1] : path[0];
  return {
    kind: 'autocomplete',
    parsed: { name: command.name, ...(group ? { group } : {}), ...(subcommand ? { subcommand } : {}) },
    options,
    focused: optionName,
    typed,
    prefix: `/${before}${optionName}:`,
  };
}
