import type { FormErrors } from '../errors.js';
import { asArray, asDict, asNumber, asString, type Dict } from '../json.js';
import { ComponentType } from 'discord-api-types/v10';
import {
  len,
  maxLength,
  boundedString,
  arrayLength,
  MESSAGE_LIMITS,
  validateUrl,
  type Path,
} from './fields.js';

// Message components: action rows, buttons, select menus and Components V2 (Discord's limits).

export interface ComponentContext {
  errors: FormErrors;
  customIds: Map<string, Path>;
  /** Counts every component for the Components V2 limit of 40. */
  total: number;
  textLength: number;
  inModal: boolean;
}

export function trackCustomId(ctx: ComponentContext, path: Path, value: unknown): void {
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

export function validateSelect(ctx: ComponentContext, path: Path, select: Dict, type: number): void {
  const { errors } = ctx;
  boundedString(errors, [...path, 'custom_id'], select['custom_id'], 1, MESSAGE_LIMITS.customId, true);
  trackCustomId(ctx, [...path, 'custom_id'], select['custom_id']);
  maxLength(errors, [...path, 'placeholder'], select['placeholder'], MESSAGE_LIMITS.placeholder);
  validateMinMax(errors, path, select, 'values', 25, 'SELECT_COMPONENT_MIN_VALUES_EXCEEDS_MAX');
  const max = select['max_values'];
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

export const SELECT_TYPES: ReadonlySet<number> = new Set([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

export function validateActionRow(ctx: ComponentContext, path: Path, row: Dict): void {
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

/** A text input: in a modal's legacy action row (label on the input) or in a Label (type 18). */
export function validateTextInput(ctx: ComponentContext, path: Path, input: Dict, legacyRow: boolean): void {
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
  validateMinMax(errors, path, input, 'length', 4000, 'TEXT_INPUT_MIN_LENGTH_EXCEEDS_MAX');
}

/**
 * `min_<what>` from 0 and `max_<what>` from 1, both up to `cap`, the min no more than the max: a select's
 * number of values, a text input's length.
 */
function validateMinMax(
  errors: FormErrors,
  path: Path,
  c: Dict,
  what: 'values' | 'length',
  cap: number,
  exceedsCode: string,
): void {
  const min = c[`min_${what}`];
  const max = c[`max_${what}`];
  const tooBig = `int value should be less than or equal to ${cap}.`;
  if (min !== undefined && (typeof min !== 'number' || min < 0 || min > cap))
    errors.add([...path, `min_${what}`], 'NUMBER_TYPE_MAX', tooBig);
  if (max !== undefined && (typeof max !== 'number' || max < 1 || max > cap))
    errors.add([...path, `max_${what}`], 'NUMBER_TYPE_MAX', tooBig);
  if (typeof min === 'number' && typeof max === 'number' && min > max)
    errors.add([...path, `min_${what}`], exceedsCode, `min_${what} must be <= max_${what}`);
}

export function validateTextDisplay(ctx: ComponentContext, path: Path, c: Dict): void {
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
