import type { FormErrors } from '../errors.js';
import { asArray, asDict, asNumber, type Dict } from '../json.js';
import { ComponentType } from 'discord-api-types/v10';
import { maxLength, boundedString, arrayLength, MESSAGE_LIMITS, type Path } from './fields.js';
import {
  trackCustomId,
  SELECT_TYPES,
  validateSelect,
  validateTextDisplay,
  validateActionRow,
  validateTextInput,
  type ComponentContext,
} from './components.js';

// Interaction responses besides messages: modals (type 9) and autocomplete choices (type 8).

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
