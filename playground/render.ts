import { DateTime } from 'luxon';
import { dicts, isDict, num, str, type Dict } from './json.js';

// Plain-text rendering of what Discord would show: messages (content, embeds, components), modals,
// mentions and timestamps. Interactive components are numbered so `click <n>` / `select <n>` can name them.

/** Names for the ids that appear in mentions. */
export interface NameLookup {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  role(id: string): string | undefined;
}

export interface RenderContext {
  names: NameLookup;
  /** The virtual clock: relative timestamps (`<t:…:R>`) are relative to it. */
  now(): Date;
  /** IANA zone Discord timestamps are shown in (a Discord client uses the viewer's own zone). */
  zone: string;
}

export interface SelectOption {
  label: string;
  value: string;
  description?: string;
  emoji?: string;
  isDefault: boolean;
}

/** A numbered, clickable thing on a message. */
export interface Control {
  n: number;
  kind: 'button' | 'select';
  /** Discord component type (2 button, 3 string select, 5–8 user/role/mentionable/channel selects). */
  type: number;
  customId?: string;
  url?: string;
  label: string;
  disabled: boolean;
  options: SelectOption[];
  minValues: number;
  maxValues: number;
}

export interface RenderedMessage {
  lines: string[];
  controls: Control[];
}

export interface ModalField {
  customId: string;
  label: string;
  description?: string;
  kind: 'text' | 'select';
  style: 'short' | 'paragraph';
  required: boolean;
  minLength?: number;
  maxLength?: number;
  value?: string;
  placeholder?: string;
  options: SelectOption[];
  minValues: number;
  maxValues: number;
}

export interface RenderedModal {
  title: string;
  lines: string[];
  fields: ModalField[];
}

// ---------------------------------------------------------------------------------------------------------
// Text: mentions, timestamps, custom emoji
// ---------------------------------------------------------------------------------------------------------

const TIMESTAMP = /<t:(-?\d+)(?::([tTdDfFR]))?>/g;
const USER_MENTION = /<@!?(\d{15,20})>/g;
const ROLE_MENTION = /<@&(\d{15,20})>/g;
const CHANNEL_MENTION = /<#(\d{15,20})>/g;
const COMMAND_MENTION = /<\/([-_\p{L}\p{N} ]+):\d{15,20}>/gu;
const CUSTOM_EMOJI = /<a?:(\w+):\d{15,20}>/g;

export function formatTimestamp(date: Date, style: string, ctx: RenderContext): string {
  const at = DateTime.fromJSDate(date, { zone: ctx.zone }).setLocale('en-GB');
  switch (style) {
    case 't':
      return at.toFormat('HH:mm ZZZZ');
    case 'T':
      return at.toFormat('HH:mm:ss ZZZZ');
    case 'd':
      return at.toFormat('dd/MM/yyyy');
    case 'D':
      return at.toFormat('d MMMM yyyy');
    case 'F':
      return at.toFormat('cccc, d MMMM yyyy HH:mm ZZZZ');
    case 'R':
      return relative(date, ctx.now());
    default:
      return at.toFormat('d MMMM yyyy HH:mm ZZZZ');
  }
}

/** Discord's relative style: "in 2 days", "3 hours ago", rounded down to the largest unit. */
export function relative(date: Date, now: Date): string {
  const diff = date.getTime() - now.getTime();
  const abs = Math.abs(diff);
  const units: [string, number][] = [
    ['year', 365 * 86_400_000],
    ['month', 30 * 86_400_000],
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
  ];
  for (const [unit, ms] of units) {
    const amount = Math.floor(abs / ms);
    if (amount >= 1) {
      const text = `${amount} ${unit}${amount === 1 ? '' : 's'}`;
      return diff >= 0 ? `in ${text}` : `${text} ago`;
    }
  }
  return 'now';
}

/** Header style for the virtual clock: "Mon 16 Nov 2026 09:00 UTC". */
export function formatClock(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).setLocale('en-GB').toFormat('ccc d LLL yyyy HH:mm ZZZZ');
}

/** Mentions and timestamps as a Discord client shows them. Markdown is kept as typed. */
export function formatText(text: string, ctx: RenderContext): string {
  return text
    .replace(TIMESTAMP, (_, seconds: string, style: string | undefined) =>
      formatTimestamp(new Date(Number(seconds) * 1000), style ?? 'f', ctx),
    )
    .replace(USER_MENTION, (_, id: string) => `@${ctx.names.user(id) ?? 'unknown-user'}`)
    .replace(ROLE_MENTION, (_, id: string) => `@${ctx.names.role(id) ?? 'unknown-role'}`)
    .replace(CHANNEL_MENTION, (_, id: string) => `#${ctx.names.channel(id) ?? 'unknown-channel'}`)
    .replace(COMMAND_MENTION, (_, name: string) => `/${name}`)
    .replace(CUSTOM_EMOJI, (_, name: string) => `:${name}:`);
}

function emojiText(emoji: unknown): string | undefined {
  if (!isDict(emoji)) return undefined;
  const name = str(emoji['name']);
  if (!name) return undefined;
  return emoji['id'] ? `:${name}:` : name;
}

// ---------------------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------------------

export interface MessageLike {
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: unknown[];
}

const EMBED_BAR = '▌ ';

export function renderMessage(message: MessageLike, ctx: RenderContext): RenderedMessage {
  const lines: string[] = [];
  const controls: Control[] = [];
  const text = (value: string) => formatText(value, ctx).split('\n');
  if (message.content) lines.push(...text(message.content));
  for (const embed of dicts(message.embeds)) {
    if (lines.length > 0) lines.push('');
    lines.push(...renderEmbed(embed, ctx).map((line) => (line ? EMBED_BAR + line : EMBED_BAR.trimEnd())));
  }
  for (const attachment of dicts(message.attachments)) {
    lines.push(`📎 ${str(attachment['filename']) ?? 'file'} (${num(attachment['size']) ?? 0} bytes)`);
  }
  const componentLines = renderComponents(dicts(message.components), ctx, controls, '');
  if (componentLines.length > 0) lines.push(...componentLines);
  return { lines, controls };
}

function renderEmbed(embed: Dict, ctx: RenderContext): string[] {
  const out: string[] = [];
  const text = (value: string) => formatText(value, ctx).split('\n');
  const author = isDict(embed['author']) ? str(embed['author']['name']) : undefined;
  if (author) out.push(...text(author));
  const title = str(embed['title']);
  const url = str(embed['url']);
  if (title) out.push(...text(url ? `${title} (${url})` : title));
  const description = str(embed['description']);
  if (description) out.push(...text(description));
  for (const field of dicts(embed['fields'])) {
    const name = formatText(str(field['name']) ?? '', ctx);
    const value = text(str(field['value']) ?? '');
    out.push('');
    if (value.length === 1 && name.length + (value[0]?.length ?? 0) <= 100) {
      out.push(`${name}: ${value[0] ?? ''}`);
    } else {
      out.push(name, ...value.map((line) => `  ${line}`));
    }
  }
  const image = isDict(embed['image']) ? str(embed['image']['url']) : undefined;
  if (image) out.push(`[image ${image}]`);
  const footer = isDict(embed['footer']) ? str(embed['footer']['text']) : undefined;
  const timestamp = str(embed['timestamp']);
  const footerParts = [
    footer ? formatText(footer, ctx) : undefined,
    timestamp ? formatTimestamp(new Date(timestamp), 'f', ctx) : undefined,
  ].filter((part): part is string => part !== undefined);
  if (footerParts.length > 0) {
    out.push('');
    out.push(...footerParts.join(' · ').split('\n'));
  }
  return out;
}

const BUTTON = 2;
const STRING_SELECT = 3;
const TEXT_INPUT = 4;
const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);
const SELECT_HINT: Record<number, string> = {
  5: 'members',
  6: 'roles',
  7: 'members or roles',
  8: 'channels',
};

function selectOptions(component: Dict): SelectOption[] {
  return dicts(component['options']).map((option) => ({
    label: str(option['label']) ?? '',
    value: str(option['value']) ?? '',
    ...(str(option['description']) ? { description: str(option['description']) } : {}),
    ...(emojiText(option['emoji']) ? { emoji: emojiText(option['emoji']) } : {}),
    isDefault: option['default'] === true,
  }));
}

function buttonLabel(component: Dict): string {
  return [emojiText(component['emoji']), str(component['label'])].filter(Boolean).join(' ') || '(button)';
}

function controlFor(component: Dict, n: number): Control {
  const type = num(component['type']) ?? BUTTON;
  const isSelect = SELECT_TYPES.has(type);
  return {
    n,
    kind: isSelect ? 'select' : 'button',
    type,
    ...(str(component['custom_id']) ? { customId: str(component['custom_id']) } : {}),
    ...(str(component['url']) ? { url: str(component['url']) } : {}),
    label: isSelect ? (str(component['placeholder']) ?? 'Make a selection') : buttonLabel(component),
    disabled: component['disabled'] === true,
    options: type === STRING_SELECT ? selectOptions(component) : [],
    minValues: num(component['min_values']) ?? 1,
    maxValues: num(component['max_values']) ?? 1,
  };
}

function describeButton(control: Control): string {
  const link = control.url ? ' ↗' : '';
  const disabled = control.disabled ? ' (disabled)' : '';
  return `[${control.n}] ${control.label}${link}${disabled}`;
}

function describeSelect(control: Control, indent: string): string[] {
  const range =
    control.minValues === control.maxValues
      ? `pick ${control.maxValues}`
      : `pick ${control.minValues}–${control.maxValues}`;
  const what = SELECT_HINT[control.type];
  const head = `${indent}[${control.n}] ▾ ${control.label} (${what ? `${range} ${what}` : range}${
    control.disabled ? ', disabled' : ''
  })`;
  const options = control.options.map((option, i) => {
    const label = [option.emoji, option.label].filter(Boolean).join(' ');
    const description = option.description ? ` — ${option.description}` : '';
    return `${indent}      ${i + 1}) ${label}${description}${option.isDefault ? ' ✓' : ''}`;
  });
  return [head, ...options];
}

/** Action rows (buttons on one line), selects with their options, and Components V2 layouts. */
function renderComponents(
  components: Dict[],
  ctx: RenderContext,
  controls: Control[],
  indent: string,
): string[] {
  const out: string[] = [];
  const next = (component: Dict): Control => {
    const control = controlFor(component, controls.length + 1);
    controls.push(control);
    return control;
  };
  for (const component of components) {
    const type = num(component['type']);
    switch (type) {
      case 1: {
        const buttons: string[] = [];
        for (const child of dicts(component['components'])) {
          const childType = num(child['type']) ?? 0;
          if (SELECT_TYPES.has(childType)) out.push(...describeSelect(next(child), indent));
          else if (childType === BUTTON) buttons.push(describeButton(next(child)));
        }
        if (buttons.length > 0) out.push(indent + buttons.join('  '));
        break;
      }
      case 9: {
        for (const child of dicts(component['components']))
          out.push(...renderComponents([child], ctx, controls, indent));
        const accessory = isDict(component['accessory']) ? component['accessory'] : undefined;
        if (accessory && num(accessory['type']) === BUTTON)
          out.push(indent + describeButton(next(accessory)));
        else if (accessory) out.push(`${indent}[image]`);
        break;
      }
      case 10:
        out.push(
          ...formatText(str(component['content']) ?? '', ctx)
            .split('\n')
            .map((l) => indent + l),
        );
        break;
      case 11:
      case 12:
        out.push(`${indent}[image]`);
        break;
      case 13:
        out.push(`${indent}📎 file`);
        break;
      case 14:
        out.push(`${indent}────────`);
        break;
      case 17: {
        const inner = renderComponents(dicts(component['components']), ctx, controls, '');
        out.push(...inner.map((line) => `${indent}┃ ${line}`.trimEnd()));
        break;
      }
      default:
        if (type !== undefined && (type === BUTTON || SELECT_TYPES.has(type))) {
          const control = next(component);
          out.push(
            ...(control.kind === 'select'
              ? describeSelect(control, indent)
              : [indent + describeButton(control)]),
          );
        }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Modals
// ---------------------------------------------------------------------------------------------------------

function fieldFrom(
  inner: Dict,
  label: string | undefined,
  description: string | undefined,
): ModalField | undefined {
  const type = num(inner['type']);
  const customId = str(inner['custom_id']);
  if (!customId) return undefined;
  if (type === TEXT_INPUT) {
    return {
      customId,
      label: label ?? str(inner['label']) ?? customId,
      ...(description ? { description } : {}),
      kind: 'text',
      style: num(inner['style']) === 2 ? 'paragraph' : 'short',
      required: inner['required'] !== false,
      ...(num(inner['min_length']) !== undefined ? { minLength: num(inner['min_length']) } : {}),
      ...(num(inner['max_length']) !== undefined ? { maxLength: num(inner['max_length']) } : {}),
      ...(str(inner['value']) !== undefined ? { value: str(inner['value']) } : {}),
      ...(str(inner['placeholder']) ? { placeholder: str(inner['placeholder']) } : {}),
      options: [],
      minValues: 0,
      maxValues: 0,
    };
  }
  if (type === STRING_SELECT) {
    return {
      customId,
      label: label ?? str(inner['placeholder']) ?? customId,
      ...(description ? { description } : {}),
      kind: 'select',
      style: 'short',
      required: inner['required'] !== false,
      options: selectOptions(inner),
      minValues: num(inner['min_values']) ?? 1,
      maxValues: num(inner['max_values']) ?? 1,
    };
  }
  return undefined;
}

/** The fields of a modal, in order: Label (type 18) wrappers or legacy action rows. */
export function modalFields(modal: Dict): ModalField[] {
  const fields: ModalField[] = [];
  for (const top of dicts(modal['components'])) {
    if (num(top['type']) === 18 && isDict(top['component'])) {
      const field = fieldFrom(top['component'], str(top['label']), str(top['description']));
      if (field) fields.push(field);
    } else if (num(top['type']) === 1) {
      for (const inner of dicts(top['components'])) {
        const field = fieldFrom(inner, undefined, undefined);
        if (field) fields.push(field);
      }
    }
  }
  return fields;
}

export function describeField(field: ModalField): string {
  const limits: string[] = [];
  // Labels often say "(optional)" already.
  if (field.required || !/optional/i.test(field.label)) limits.push(field.required ? 'required' : 'optional');
  if (field.kind === 'text') {
    limits.push(field.style === 'paragraph' ? 'long text' : 'short text');
    if (field.minLength !== undefined && field.maxLength !== undefined)
      limits.push(`${field.minLength}–${field.maxLength} characters`);
    else if (field.maxLength !== undefined) limits.push(`up to ${field.maxLength} characters`);
  } else {
    limits.push(
      `choose ${field.minValues === field.maxValues ? field.maxValues : `${field.minValues}–${field.maxValues}`}`,
    );
  }
  return `${field.label} (${limits.join(', ')})`;
}

export function renderModal(modal: Dict, ctx: RenderContext): RenderedModal {
  const title = formatText(str(modal['title']) ?? 'Form', ctx);
  const fields = modalFields(modal);
  const lines = [`📝 Form: ${title}`];
  for (const field of fields) {
    lines.push(`   ${field.customId}: ${describeField(field)}`);
    if (field.description) lines.push(`      ${formatText(field.description, ctx)}`);
    if (field.value) lines.push(`      already filled in: ${JSON.stringify(field.value)}`);
    else if (field.placeholder) lines.push(`      hint: ${formatText(field.placeholder, ctx)}`);
    field.options.forEach((option, i) =>
      lines.push(`      ${i + 1}) ${option.label}${option.isDefault ? ' ✓' : ''}`),
    );
  }
  return { title, lines, fields };
}
