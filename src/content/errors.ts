import type { z } from 'zod';

export interface ContentProblem {
  /** File path relative to the data directory, with forward slashes. */
  file: string;
  /** Location inside the file, e.g. `steps[2].checklist[0]`; empty for the whole file. */
  path: string;
  message: string;
}

export function formatProblem(problem: ContentProblem): string {
  return problem.path
    ? `${problem.file} → ${problem.path}: ${problem.message}`
    : `${problem.file}: ${problem.message}`;
}

/** Content files are broken: the message lists one problem per line so the author can fix them all at once. */
export class ContentError extends Error {
  override readonly name = 'ContentError';
  readonly problems: readonly ContentProblem[];

  constructor(problems: readonly ContentProblem[], dataDir?: string) {
    const where = dataDir ? ` in ${dataDir}` : '';
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      [`Invalid content${where} (${count}):`, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n'),
    );
    this.problems = problems;
  }
}

/** `['steps', 2, 'checklist', 0]` → `steps[2].checklist[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string')
    return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  array: 'a list',
  object: 'an object',
  boolean: 'true or false',
  number: 'a number',
};

function size(input: unknown): number | undefined {
  if (typeof input === 'string' || Array.isArray(input)) return input.length;
  return undefined;
}

/**
 * Plain-word messages for zod issues. Passed as the per-parse error map, so messages written into the
 * schema itself (e.g. "must be lower-kebab-case") still win.
 */
export const plainErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is missing';
      return `should be ${TYPE_NAMES[issue.expected] ?? issue.expected}, but is ${describe(issue.input)}`;
    case 'too_big': {
      const got = size(issue.input);
      const suffix = got === undefined ? '' : ` (has ${got})`;
      if (issue.origin === 'string') return `is too long: at most ${issue.maximum} characters${suffix}`;
      if (issue.origin === 'array') return `has too many entries: at most ${issue.maximum}${suffix}`;
      return `is too large: at most ${issue.maximum}`;
    }
    case 'too_small': {
      const got = size(issue.input);
      if (issue.origin === 'string') {
        return issue.minimum === 1
          ? 'must not be empty'
          : `is too short: at least ${issue.minimum} characters`;
      }
      if (issue.origin === 'array') {
        return `needs at least ${issue.minimum} ${issue.minimum === 1 ? 'entry' : 'entries'}${got === undefined ? '' : ` (has ${got})`}`;
      }
      return `is too small: at least ${issue.minimum}`;
    }
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, but is ${describe(issue.input)}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'must be a web address' : `has the wrong format (${issue.format})`;
    default:
      return undefined;
  }
};

/** Turns a failed parse into problems attributed to `file`. */
export function problemsFromZod(file: string, error: z.core.$ZodError): ContentProblem[] {
  return error.issues.map((issue) => ({ file, path: formatPath(issue.path), message: issue.message }));
}
