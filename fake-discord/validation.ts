import { ComponentType, MessageFlags } from 'discord-api-types/v10';
import { FormErrors } from './errors.js';
import type { Dict } from './json.js';
import { asArray, asDict, asNumber, asString, isDict } from './json.js';

/**
 * Discord's documented limits, answered with its own error shapes (50035 Invalid Form Body with nested
 * `_errors`). Paths start with a prefix such as ['data'] for interaction callbacks, as Discord reports them.
 */

type Path = readonly (string | number)[];

const len = (s: string): number => [...s].length;

function maxLength(errors: FormErrors, path: Path, value: unknown, max: number): void {
  if (typeof value === 'string' && len(value) > max) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }
}

function boundedString(
  errors: FormErrors,
  path: Path,
  value: unknown,
  min: number,
  max: number,
  required: boolean,
): void {
  if (value === undefined || value === null) {
    if (required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Could not interpret "' + String(value) + '" as string.');
    return;
  }
  const n = len(value);
  if (n < min || n > max)
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
}

function arrayLength(errors: FormErrors, path: Path, value: unknown[], min: number, max: number): boolean {
  if (value.length < min || value.length > max) {
    errors.add(
      path,
      min === 0 ? 'BASE_TYPE_MAX_LENGTH' : 'BASE_TYPE_BAD_LENGTH',
      min === 0 ? `Must be ${max} or fewer in length.` : `Must be between ${min} and ${max} in length.`,
    );
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------------------

export const MESSAGE_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowWidth: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  optionText: 100,
  placeholder: 150,
  v2Components: 40,
  v2Text: 4000,
} as const;

const URL_PATTERN = /^(https?|attachment):\/\/\S+$/;

function validateUrl(errors: FormErrors, path: Path, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !URL_PATTERN.test(value)) {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  }
}

/** Returns the embed's character count toward the 6000 total. */
function validateEmbed(errors: FormErrors, path: Path, raw: unknown): number {
  const embed = asDict(raw);
  if (!embed) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return 0;
  }
  let total = 0;
  const count = (value: unknown): void => {
    if (typeof value === 'string') total += len(value);
  };
  maxLength(errors, [...path, 'title'], embed['title'], MESSAGE_LIMITS.embedTitle);
  count(embed['title']);
  maxLength(errors, [...path, 'description'], embed['description'], MESSAGE_LIMITS.embedDescription);
  count(embed['description']);
  validateUrl(errors, [...path, 'url'], embed['url']);
  const color = embed['color'];
  if (color !== undefined && color !== null && (typeof color !== 'number' || color < 0 || color > 0xffffff)) {
    errors.add([...path, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
  }
  const timestamp = embed['timestamp'];
  if (timestamp !== undefined && (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp)))) {
    errors.add([...path, 'timestamp'], 'DATE_TYPE_PARSE', 'Could not parse timestamp. Should be ISO8601.');
  }
  const fields = embed['fields'];
  if (fields !== undefined) {
    const list = asArray(fields);
    if (!list)
      errors.add([...path, 'fields'], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    else {
      arrayLength(errors, [...path, 'fields'], list, 0, MESSAGE_LIMITS.embedFields);
      list.forEach((rawField, i) => {
        const field = asDict(rawField) ?? {};
        const fp = [...path, 'fields', i];
        boundedString(errors, [...fp, 'name'], field['name'], 1, MESSAGE_LIMITS.fieldName, true);
        boundedString(errors, [...fp, 'value'], field['value'], 1, MESSAGE_LIMITS.fieldValue, true);
        count(field['name']);
        count(field['value']);
      });
    }
  }
  const footer = asDict(embed['footer']);
  if (footer) {
    boundedString(errors, [...path, 'footer', 'text'], footer['text'], 1, MESSAGE_LIMITS.footerText, true);
    count(footer['text']);
    validateUrl(errors, [...path, 'footer', 'icon_url'], footer['icon_url']);
  }
  const author = asDict(embed['author']);
  if (author) {
    boundedString(errors, [...path, 'author', 'name'], author['name'], 1, MESSAGE_LIMITS.authorName, true);
    count(author['name']);
    validateUrl(errors, [...path, 'author', 'url'], author['url']);
    validateUrl(errors, [...path, 'author', 'icon_url'], author['icon_url']);
  }
  for (const key of ['image', 'thumbnail'] as const) {
    const media = asDict(embed[key]);
    if (media) validateUrl(errors, [...path, key, 'url'], media['url']);
  }
  return total;
}

interface ComponentContext {
  errors: FormErrors;
  customIds: Map<string, Path>;
  /** Counts every component for the Components V2 limit of 40. */
  total: number;
  textLength: number;
  inModal: boolean;
}

function trackCustomId(ctx: ComponentContext, path: Path, value: unknown): void {
  if (typeof value !== 'string') return;
  if (ctx.customIds.has(value)) {
    ctx.errors.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  } else ctx.customIds.set(value, path);
}

function validateButton(ctx: ComponentContext, path: Path, button: Dict): void {
  const { errors } = ctx;
  const style = asNumber(button['style']);
  if (style === undefined || style < 1 || style > 6) {
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
    return;
  }
  maxLength(errors, [...path, 'label'], button['label'], MESSAGE_LIMITS.buttonLabel);
  if (style === 5) {
    if (button['url'] === undefined)
      errors.add([...path, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else validateUrl(errors, [...path, 'url'], button['url']);
    if (button['custom_id'] !== undefined) {
      errors.add(
        [...path, 'custom_id'],
        'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
        'A custom id cannot be set',
      );
    }
  } else if (style === 6) {
    if (button['sku_id'] === undefined)
      errors.add([...path, 'sku_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else {
    boundedString(errors, [...path, 'custom_id'], button['custom_id'], 1, MESSAGE_LIMITS.customId, true);
    trackCustomId(ctx, [...path, 'custom_id'], button['custom_id']);
    if (button['url'] !== undefined) {
      errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'A url cannot be set');
    }
  }
  if (
    style !== 6 &&
    (button['label'] === undefined || button['label'] === '') &&
    button['emoji'] === undefined
  ) {
    errors.add(
      [...path, 'label'],
      'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED',
      'A label or emoji must be set',
    );
  }
}

function validateSelect(ctx: ComponentContext, path: Path, select: Dict, type: number): void {
  const { errors } = ctx;
  boundedString(errors, [...path, 'custom_id'], select['custom_id'], 1, MESSAGE_LIMITS.customId, true);
  trackCustomId(ctx, [...path, 'custom_id'], select['custom_id']);
  maxLength(errors, [...path, 'placeholder'], select['placeholder'], MESSAGE_LIMITS.placeholder);
  const min = select['min_values'];
  const max = select['max_values'];
  if (min !== undefined && (typeof min !== 'number' || min < 0 || min > 25)) {
    errors.add([...path, 'min_values'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 25.');
  }
  if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 25)) {
    errors.add([...path, 'max_values'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 25.');
  }
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    errors.add(
      [...path, 'min_values'],
      'SELECT_COMPONENT_MIN_VALUES_EXCEEDS_MAX',
      'min_values must be <= max_values',
    );
  }
  if (type !== ComponentType.StringSelect) return;
  const options = asArray(select['options']);
  if (!options) {
    errors.add([...path, 'options'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  arrayLength(errors, [...path, 'options'], options, 1, MESSAGE_LIMITS.selectOptions);
  const values = new Set<string>();
  options.forEach((rawOption, i) => {
    const option = asDict(rawOption) ?? {};
    const op = [...path, 'options', i];
    boundedString(errors, [...op, 'label'], option['label'], 1, MESSAGE_LIMITS.optionText, true);
    boundedString(errors, [...op, 'value'], option['value'], 1, MESSAGE_LIMITS.optionText, true);
    maxLength(errors, [...op, 'description'], option['description'], MESSAGE_LIMITS.optionText);
    const value = asString(option['value']);
    if (value !== undefined) {
      if (values.has(value)) {
        errors.add(
          [...op, 'value'],
          'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED',
          'Option values must be unique',
        );
      }
      values.add(value);
    }
  });
  if (typeof max === 'number' && max > options.length && options.length > 0) {
    errors.add(
      [...path, 'max_values'],
      'SELECT_COMPONENT_MAX_VALUES_EXCEEDS_OPTIONS',
      'max_values must be less than or equal to the number of options',
    );
  }
}

const SELECT_TYPES: ReadonlySet<number> = new Set([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

function validateActionRow(ctx: ComponentContext, path: Path, row: Dict): void {
  const { errors } = ctx;
  const children = asArray(row['components']);
  if (!children) {
    errors.add([...path, 'components'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  const maxWidth = ctx.inModal ? 1 : MESSAGE_LIMITS.rowWidth;
  if (!arrayLength(errors, [...path, 'components'], children, 1, maxWidth)) return;
  const hasSelect = children.some((c) => SELECT_TYPES.has(asNumber(asDict(c)?.['type']) ?? -1));
  if (hasSelect && children.length > 1) {
    errors.add(
      [...path, 'components'],
      'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      'The specified component exceeds the maximum width',
    );
  }
  children.forEach((raw, i) => {
    const child = asDict(raw) ?? {};
    const cp = [...path, 'components', i];
    const type = asNumber(child['type']);
    ctx.total += 1;
    if (ctx.inModal) {
      if (type !== ComponentType.TextInput) {
        errors.add([...cp, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (4,).');
      } else validateTextInput(ctx, cp, child, true);
      return;
    }
    if (type === ComponentType.Button) validateButton(ctx, cp, child);
    else if (type !== undefined && SELECT_TYPES.has(type)) validateSelect(ctx, cp, child, type);
    else
      errors.add(
        [...cp, 'type'],
        'UNION_TYPE_CHOICES',
        'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).',
      );
  });
}

function validateTextDisplay(ctx: ComponentContext, path: Path, c: Dict): void {
  const content = c['content'];
  boundedString(ctx.errors, [...path, 'content'], content, 1, MESSAGE_LIMITS.v2Text, true);
  if (typeof content === 'string') ctx.textLength += len(content);
}

/** Components V2 (flag 32768): sections, text displays, containers... up to 40 components in total. */
function validateV2Component(ctx: ComponentContext, path: Path, raw: unknown, inContainer: boolean): void {
  const c = asDict(raw) ?? {};
  const type = asNumber(c['type']);
  ctx.total += 1;
  switch (type) {
    case ComponentType.ActionRow:
      validateActionRow(ctx, path, c);
      return;
    case ComponentType.TextDisplay:
      validateTextDisplay(ctx, path, c);
      return;
    case ComponentType.Section: {
      const texts = asArray(c['components']) ?? [];
      if (arrayLength(ctx.errors, [...path, 'components'], texts, 1, 3)) {
        texts.forEach((t, i) => {
          ctx.total += 1;
          validateTextDisplay(ctx, [...path, 'components', i], asDict(t) ?? {});
        });
      }
      const accessory = asDict(c['accessory']);
      ctx.total += 1;
      if (!accessory) ctx.errors.add([...path, 'accessory'], 'BASE_TYPE_REQUIRED', 'This field is required');
      else if (accessory['type'] === ComponentType.Button)
        validateButton(ctx, [...path, 'accessory'], accessory);
      return;
    }
    case ComponentType.Container: {
      if (inContainer) break;
      const children = asArray(c['components']) ?? [];
      children.forEach((child, i) => validateV2Component(ctx, [...path, 'components', i], child, true));
      return;
    }
    case ComponentType.MediaGallery:
    case ComponentType.File:
    case ComponentType.Separator:
    case ComponentType.Thumbnail:
      return;
    default:
      break;
  }
  ctx.errors.add(
    [...path, 'type'],
    'UNION_TYPE_CHOICES',
    'Value of field "type" is not a valid component type.',
  );
}

export function validateMessageComponents(
  errors: FormErrors,
  path: Path,
  raw: unknown,
  componentsV2: boolean,
): void {
  if (raw === undefined || raw === null) return;
  const list = asArray(raw);
  if (!list) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return;
  }
  const ctx: ComponentContext = { errors, customIds: new Map(), total: 0, textLength: 0, inModal: false };
  if (componentsV2) {
    list.forEach((c, i) => validateV2Component(ctx, [...path, i], c, false));
    if (ctx.total > MESSAGE_LIMITS.v2Components) {
      errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${MESSAGE_LIMITS.v2Components} or fewer in length.`);
    }
    if (ctx.textLength > MESSAGE_LIMITS.v2Text) {
      errors.add(
        path,
        'MAX_TEXT_DISPLAY_LENGTH_EXCEEDED',
        'Total text display content exceeds 4000 characters',
      );
    }
    return;
  }
  if (!arrayLength(errors, path, list, 0, MESSAGE_LIMITS.actionRows)) return;
  list.forEach((rawRow, i) => {
    const row = asDict(rawRow) ?? {};
    if (row['type'] !== ComponentType.ActionRow) {
      errors.add([...path, i, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      return;
    }
    validateActionRow(ctx, [...path, i], row);
  });
}

const SETTABLE_MESSAGE_FLAGS =
  MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

export interface MessageBodyRules {
  /** Interaction responses and follow-ups may set Ephemeral (64). */
  allowEphemeral: boolean;
}

/** Validates the message fields of a create/edit body. Empty-message checks happen after merging. */
export function validateMessageBody(
  errors: FormErrors,
  path: Path,
  body: Dict,
  rules: MessageBodyRules,
): number {
  const content = body['content'];
  if (content !== undefined && content !== null) {
    if (typeof content !== 'string')
      errors.add([...path, 'content'], 'BASE_TYPE_STRING', 'Must be a string.');
    else maxLength(errors, [...path, 'content'], content, MESSAGE_LIMITS.content);
  }
  const flagsRaw = body['flags'];
  let flags = 0;
  if (flagsRaw !== undefined && flagsRaw !== null) {
    if (typeof flagsRaw !== 'number' || !Number.isInteger(flagsRaw)) {
      errors.add([...path, 'flags'], 'NUMBER_TYPE_COERCE', `Value "${String(flagsRaw)}" is not int.`);
    } else {
      flags = flagsRaw & (SETTABLE_MESSAGE_FLAGS | (rules.allowEphemeral ? MessageFlags.Ephemeral : 0));
    }
  }
  const componentsV2 = (flags & MessageFlags.IsComponentsV2) !== 0;
  const embeds = body['embeds'];
  if (embeds !== undefined && embeds !== null) {
    const list = asArray(embeds);
    if (!list)
      errors.add([...path, 'embeds'], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    else {
      arrayLength(errors, [...path, 'embeds'], list, 0, MESSAGE_LIMITS.embeds);
      let total = 0;
      list.forEach((embed, i) => {
        total += validateEmbed(errors, [...path, 'embeds', i], embed);
      });
      if (total > MESSAGE_LIMITS.embedTotal) {
        errors.add(
          [...path, 'embeds'],
          'MAX_EMBED_SIZE_EXCEEDED',
          `Embed size exceeds maximum size of ${MESSAGE_LIMITS.embedTotal}`,
        );
      }
      if (componentsV2 && list.length > 0) {
        errors.add(
          [...path, 'embeds'],
          'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
          "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
        );
      }
    }
  }
  if (componentsV2 && typeof content === 'string' && content.length > 0) {
    errors.add(
      [...path, 'content'],
      'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
      "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
    );
  }
  validateMessageComponents(errors, [...path, 'components'], body['components'], componentsV2);
  validateAllowedMentions(errors, [...path, 'allowed_mentions'], body['allowed_mentions']);
  validateAttachments(errors, [...path, 'attachments'], body['attachments']);
  return flags;
}

/** Discord's limits on a message's attachment list: 10 files, alt text (`description`) of 1024 characters. */
export const ATTACHMENT_LIMITS = { count: 10, description: 1024 } as const;

function validateAttachments(errors: FormErrors, path: Path, raw: unknown): void {
  if (raw === undefined || raw === null) return;
  const list = asArray(raw);
  if (!list) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return;
  }
  arrayLength(errors, path, list, 0, ATTACHMENT_LIMITS.count);
  list.forEach((item, i) => {
    const attachment = asDict(item);
    if (!attachment) {
      errors.add([...path, i], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    if (attachment['id'] === undefined || attachment['id'] === null)
      errors.add([...path, i, 'id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    const description = attachment['description'];
    if (description !== undefined && description !== null && typeof description !== 'string')
      errors.add([...path, i, 'description'], 'BASE_TYPE_STRING', 'Must be a string.');
    maxLength(errors, [...path, i, 'description'], description, ATTACHMENT_LIMITS.description);
  });
}

function validateAllowedMentions(errors: FormErrors, path: Path, raw: unknown): void {
  if (raw === undefined || raw === null) return;
  const am = asDict(raw);
  if (!am) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  const parse = asArray(am['parse']) ?? [];
  parse.forEach((p, i) => {
    if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
      errors.add(
        [...path, 'parse', i],
        'BASE_TYPE_CHOICES',
        "Value must be one of ('roles', 'users', 'everyone').",
      );
    }
  });
  for (const kind of ['users', 'roles'] as const) {
    const list = asArray(am[kind]);
    if (list && list.length > 0 && parse.includes(kind)) {
      errors.add(
        [...path, 'parse'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      );
    }
    if (list && list.length > 100)
      errors.add([...path, kind], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Interaction responses: modals and autocomplete
// ---------------------------------------------------------------------------------------------------------

function validateTextInput(ctx: ComponentContext, path: Path, input: Dict, legacyRow: boolean): void {
  const { errors } = ctx;
  boundedString(errors, [...path, 'custom_id'], input['custom_id'], 1, MESSAGE_LIMITS.customId, true);
  trackCustomId(ctx, [...path, 'custom_id'], input['custom_id']);
  const style = input['style'];
  if (style !== 1 && style !== 2)
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2}.');
  // In a Label (type 18) the label lives on the Label; in a legacy row it is required on the input.
  if (legacyRow) boundedString(errors, [...path, 'label'], input['label'], 1, 45, true);
  else maxLength(errors, [...path, 'label'], input['label'], 45);
  maxLength(errors, [...path, 'placeholder'], input['placeholder'], 100);
  maxLength(errors, [...path, 'value'], input['value'], 4000);
  const min = input['min_length'];
  const max = input['max_length'];
  if (min !== undefined && (typeof min !== 'number' || min < 0 || min > 4000)) {
    errors.add([...path, 'min_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 4000.');
  }
  if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 4000)) {
    errors.add([...path, 'max_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 4000.');
  }
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    errors.add(
      [...path, 'min_length'],
      'TEXT_INPUT_MIN_LENGTH_EXCEEDS_MAX',
      'min_length must be <= max_length',
    );
  }
}

const LABEL_CHILD_TYPES: ReadonlySet<number> = new Set([
  ...SELECT_TYPES,
  ComponentType.TextInput,
  19,
  21,
  22,
  23,
]);

export function validateModal(errors: FormErrors, path: Path, data: Dict): void {
  boundedString(errors, [...path, 'custom_id'], data['custom_id'], 1, MESSAGE_LIMITS.customId, true);
  boundedString(errors, [...path, 'title'], data['title'], 1, 45, true);
  const components = asArray(data['components']);
  if (!components) {
    errors.add([...path, 'components'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (!arrayLength(errors, [...path, 'components'], components, 1, 5)) return;
  const ctx: ComponentContext = { errors, customIds: new Map(), total: 0, textLength: 0, inModal: true };
  components.forEach((raw, i) => {
    const c = asDict(raw) ?? {};
    const cp = [...path, 'components', i];
    switch (c['type']) {
      case ComponentType.ActionRow:
        validateActionRow(ctx, cp, c);
        break;
      case ComponentType.Label: {
        boundedString(errors, [...cp, 'label'], c['label'], 1, 45, true);
        maxLength(errors, [...cp, 'description'], c['description'], 100);
        const child = asDict(c['component']);
        const childType = asNumber(child?.['type']);
        if (!child || childType === undefined || !LABEL_CHILD_TYPES.has(childType)) {
          errors.add([...cp, 'component'], 'BASE_TYPE_REQUIRED', 'A valid component is required');
        } else if (childType === ComponentType.TextInput) {
          validateTextInput(ctx, [...cp, 'component'], child, false);
        } else if (SELECT_TYPES.has(childType)) {
          validateSelect(ctx, [...cp, 'component'], child, childType);
        } else {
          trackCustomId(ctx, [...cp, 'component', 'custom_id'], child['custom_id']);
        }
        break;
      }
      case ComponentType.TextDisplay:
        validateTextDisplay(ctx, cp, c);
        break;
      default:
        errors.add(
          [...cp, 'type'],
          'UNION_TYPE_CHOICES',
          'Value of field "type" must be one of (1, 10, 18).',
        );
    }
  });
}

export function validateAutocompleteChoices(errors: FormErrors, path: Path, data: Dict): void {
  const choices = asArray(data['choices']);
  if (!choices) {
    errors.add([...path, 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  arrayLength(errors, [...path, 'choices'], choices, 0, 25);
  choices.forEach((raw, i) => {
    const choice = asDict(raw) ?? {};
    boundedString(errors, [...path, 'choices', i, 'name'], choice['name'], 1, 100, true);
    const value = choice['value'];
    if (typeof value === 'string')
      boundedString(errors, [...path, 'choices', i, 'value'], value, 0, 100, true);
    else if (typeof value !== 'number') {
      errors.add([...path, 'choices', i, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Application commands
// ---------------------------------------------------------------------------------------------------------

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const OPTION_TYPES_WITH_CHOICES: ReadonlySet<number> = new Set([3, 4, 10]);

function validateName(errors: FormErrors, path: Path, value: unknown, chatInput: boolean): void {
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (!chatInput) {
    boundedString(errors, path, value, 1, 32, true);
    return;
  }
  if (!COMMAND_NAME.test(value) || value !== value.toLowerCase()) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

/** Characters Discord counts toward the 8000 limit: names, descriptions, choice names and values. */
function commandSize(def: Dict): number {
  let total = 0;
  const add = (value: unknown): void => {
    if (typeof value === 'string') total += len(value);
  };
  add(def['name']);
  add(def['description']);
  for (const raw of asArray(def['options']) ?? []) {
    const option = asDict(raw);
    if (!option) continue;
    total += commandSize(option);
    for (const rawChoice of asArray(option['choices']) ?? []) {
      const choice = asDict(rawChoice);
      add(choice?.['name']);
      add(typeof choice?.['value'] === 'string' ? choice['value'] : undefined);
    }
  }
  return total;
}

function validateOptions(errors: FormErrors, path: Path, raw: unknown, level: 'top' | 'sub' | 'group'): void {
  if (raw === undefined || raw === null) {
    if (level === 'group') errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  const options = asArray(raw);
  if (!options) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return;
  }
  arrayLength(errors, path, options, level === 'group' ? 1 : 0, 25);
  const names = new Set<string>();
  let sawOptional = false;
  const types = options.map((o) => asNumber(asDict(o)?.['type']));
  const subcommandLike = types.filter((t) => t === 1 || t === 2).length;
  if (subcommandLike > 0 && subcommandLike < options.length) {
    errors.add(
      path,
      'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
      'Sub-command and sub-command group option types are mutually exclusive to all other types',
    );
  }
  options.forEach((rawOption, i) => {
    const option = asDict(rawOption) ?? {};
    const op = [...path, i];
    const type = asNumber(option['type']);
    if (type === undefined || type < 1 || type > 11) {
      errors.add(
        [...op, 'type'],
        'BASE_TYPE_CHOICES',
        'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.',
      );
    }
    if (level === 'group' && type !== 1) {
      errors.add(
        [...op, 'type'],
        'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
        'Groups may only contain sub-commands',
      );
    }
    if (level === 'sub' && (type === 1 || type === 2)) {
      errors.add(
        [...op, 'type'],
        'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
        'Sub-commands cannot be nested here',
      );
    }
    validateName(errors, [...op, 'name'], option['name'], true);
    boundedString(errors, [...op, 'description'], option['description'], 1, 100, true);
    const name = asString(option['name']);
    if (name !== undefined) {
      if (names.has(name)) {
        errors.add(
          [...op, 'name'],
          'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
          'Option names must be unique',
        );
      }
      names.add(name);
    }
    const required = option['required'] === true;
    if (required && sawOptional) {
      errors.add(
        [...op, 'required'],
        'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        'Required options must be placed before non-required options',
      );
    }
    if (!required && type !== 1 && type !== 2) sawOptional = true;
    const choices = option['choices'];
    if (choices !== undefined) {
      const list = asArray(choices) ?? [];
      if (type === undefined || !OPTION_TYPES_WITH_CHOICES.has(type)) {
        errors.add(
          [...op, 'choices'],
          'APPLICATION_COMMAND_OPTION_CHOICES_INVALID',
          'Choices are not allowed here',
        );
      }
      arrayLength(errors, [...op, 'choices'], list, 0, 25);
      list.forEach((rawChoice, j) => {
        const choice = asDict(rawChoice) ?? {};
        boundedString(errors, [...op, 'choices', j, 'name'], choice['name'], 1, 100, true);
        const value = choice['value'];
        if (type === 3) boundedString(errors, [...op, 'choices', j, 'value'], value, 1, 100, true);
        else if (typeof value !== 'number') {
          errors.add([...op, 'choices', j, 'value'], 'NUMBER_TYPE_COERCE', 'Value is not a number.');
        }
      });
      if (option['autocomplete'] === true && list.length > 0) {
        errors.add(
          [...op, 'autocomplete'],
          'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_AND_CHOICES',
          'Autocomplete cannot be enabled on options that have choices',
        );
      }
    }
    for (const key of ['min_length', 'max_length'] as const) {
      const v = option[key];
      if (v !== undefined && (typeof v !== 'number' || v < (key === 'min_length' ? 0 : 1) || v > 6000)) {
        errors.add([...op, key], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 6000.');
      }
    }
    if (type === 1) validateOptions(errors, [...op, 'options'], option['options'], 'sub');
    if (type === 2) validateOptions(errors, [...op, 'options'], option['options'], 'group');
  });
}

export function validateCommand(errors: FormErrors, path: Path, raw: unknown): void {
  const def = asDict(raw);
  if (!def) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  const type = def['type'] === undefined ? 1 : asNumber(def['type']);
  if (type === undefined || ![1, 2, 3, 4].includes(type)) {
    errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4}.');
    return;
  }
  const chatInput = type === 1;
  validateName(errors, [...path, 'name'], def['name'], chatInput);
  if (chatInput) boundedString(errors, [...path, 'description'], def['description'], 1, 100, true);
  else if (typeof def['description'] === 'string' && def['description'] !== '') {
    errors.add(
      [...path, 'description'],
      'APPLICATION_COMMAND_DESCRIPTION_INVALID',
      'Description must be empty',
    );
  }
  if (chatInput) validateOptions(errors, [...path, 'options'], def['options'], 'top');
  else if (asArray(def['options'])?.length) {
    errors.add(
      [...path, 'options'],
      'APPLICATION_COMMAND_OPTIONS_INVALID',
      'Only chat input commands have options',
    );
  }
  const perms = def['default_member_permissions'];
  if (perms !== undefined && perms !== null && (typeof perms !== 'string' || !/^\d+$/.test(perms))) {
    errors.add(
      [...path, 'default_member_permissions'],
      'BASE_TYPE_STRING',
      'Must be a permission bitfield string.',
    );
  }
  if (commandSize(def) > 8000) {
    errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', 'Command exceeds maximum size (8000)');
  }
}

/** Validates a bulk-overwrite (PUT) body; throws a 50035 DiscordHttpError on the first problem set. */
export function validateCommandList(raw: unknown): Dict[] {
  const errors = new FormErrors();
  const list = asArray(raw);
  if (!list) {
    errors.add([], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    throw errors.toError();
  }
  const seen = new Set<string>();
  const counts = new Map<number, number>();
  list.forEach((def, i) => {
    validateCommand(errors, [i], def);
    const d = asDict(def);
    if (!d) return;
    const type = asNumber(d['type']) ?? 1;
    const key = `${type}:${asString(d['name']) ?? ''}`;
    if (seen.has(key)) {
      errors.add(
        [i, 'name'],
        'APPLICATION_COMMANDS_DUPLICATE_NAME',
        'Application command names must be unique',
      );
    }
    seen.add(key);
    counts.set(type, (counts.get(type) ?? 0) + 1);
  });
  if ((counts.get(1) ?? 0) > 100 || (counts.get(2) ?? 0) > 15 || (counts.get(3) ?? 0) > 15) {
    errors.add([], 'APPLICATION_COMMANDS_TOO_MANY', 'Maximum number of application commands reached');
  }
  errors.throwIfAny();
  return list.filter(isDict);
}
