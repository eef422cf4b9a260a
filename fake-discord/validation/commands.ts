import { FormErrors } from '../errors.js';
import { asArray, asDict, asNumber, asString, isDict, type Dict } from '../json.js';
import { len, boundedString, arrayLength, type Path } from './fields.js';

// Application commands as registered (POST one, PUT the list): names, options, choices, sizes.

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
