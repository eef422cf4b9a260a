import type { FormErrors } from '../errors.js';

/**
 * Discord's documented limits, answered with its own error shapes (50035 Invalid Form Body with nested
 * `_errors`). Paths start with a prefix such as ['data'] for interaction callbacks, as Discord reports them.
 * This file: the limits and the checks every kind of payload shares.
 */

export type Path = readonly (string | number)[];

export const len = (s: string): number => [...s].length;

export function maxLength(errors: FormErrors, path: Path, value: unknown, max: number): void {
  if (typeof value === 'string' && len(value) > max) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }
}

export function boundedString(
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

export function arrayLength(
  errors: FormErrors,
  path: Path,
  value: unknown[],
  min: number,
  max: number,
): boolean {
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

export function validateUrl(errors: FormErrors, path: Path, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !URL_PATTERN.test(value)) {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  }
}
