import { ComponentType } from 'discord-api-types/v10';
import type { Dict } from './json.js';
import { asArray, asDict, asNumber, asString, isDict } from './json.js';

// Builds the `data.components` of a modal submit the way Discord's client does.

/** Mirrors the shown modal: Label (18) stays Label, legacy rows stay rows, text displays are echoed. */
export function modalComponentsFromModal(modal: Dict, values: Record<string, string | string[]>): Dict[] {
  const known = new Set<string>();
  const submitted = (asArray(modal['components']) ?? []).filter(isDict).map((top): Dict => {
    if (top['type'] === ComponentType.Label) {
      const inner = asDict(top['component']) ?? {};
      return {
        type: ComponentType.Label,
        id: top['id'],
        component: submittedField(inner, values, known),
      };
    }
    if (top['type'] === ComponentType.ActionRow) {
      return {
        type: ComponentType.ActionRow,
        id: top['id'],
        components: (asArray(top['components']) ?? [])
          .filter(isDict)
          .map((inner) => submittedField(inner, values, known)),
      };
    }
    return { type: top['type'], id: top['id'] };
  });
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new Error(
      `fake-discord: the modal has no field(s) ${unknown.join(', ')} (has ${[...known].join(', ')})`,
    );
  }
  return submitted;
}

function submittedField(inner: Dict, values: Record<string, string | string[]>, known: Set<string>): Dict {
  const customId = asString(inner['custom_id']) ?? '';
  known.add(customId);
  const value = values[customId];
  if (inner['type'] === ComponentType.TextInput) {
    const text = Array.isArray(value) ? value.join(',') : (value ?? asString(inner['value']) ?? '');
    const required = inner['required'] !== false;
    if (required && text.length === 0) throw new Error(`fake-discord: modal field "${customId}" is required`);
    const min = asNumber(inner['min_length']);
    const max = asNumber(inner['max_length']) ?? 4000;
    if (text.length > 0 && ((min !== undefined && text.length < min) || text.length > max)) {
      throw new Error(`fake-discord: modal field "${customId}" must be ${min ?? 0}..${max} characters`);
    }
    return { type: ComponentType.TextInput, id: inner['id'], custom_id: customId, value: text };
  }
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return { type: inner['type'], id: inner['id'], custom_id: customId, values: list };
}

export function modalComponentsFromValues(
  values: Record<string, string | string[]>,
  layout: 'label' | 'row',
): Dict[] {
  let id = 1;
  return Object.entries(values).map(([customId, value]) => {
    const field: Dict = Array.isArray(value)
      ? { type: ComponentType.StringSelect, id: id + 1, custom_id: customId, values: value }
      : { type: ComponentType.TextInput, id: id + 1, custom_id: customId, value };
    const top: Dict =
      layout === 'label'
        ? { type: ComponentType.Label, id, component: field }
        : { type: ComponentType.ActionRow, id, components: [field] };
    id += 2;
    return top;
  });
}
