/**
 * Guards that content is written in our own words: finds runs of `size` consecutive words shared with a
 * source text. Words are lower-cased with punctuation stripped, so quoting style cannot hide a copy.
 */

export const DEFAULT_RUN = 8;

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function wordRuns(text: string, size = DEFAULT_RUN): Set<string> {
  const list = words(text);
  const runs = new Set<string>();
  for (let i = 0; i + size <= list.length; i++) runs.add(list.slice(i, i + size).join(' '));
  return runs;
}

/** Anything that can say whether a run of words occurs in the sources: a `Set` of runs, or a fingerprint. */
export interface RunLookup {
  has(run: string): boolean;
}

export interface CopiedRun {
  /** JSON-style location of the string, e.g. `steps[2].why`. */
  path: string;
  run: string;
}

/** Every string inside a parsed JSON value, with its location. */
export function collectStrings(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => collectStrings(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      collectStrings(item, path ? `${path}.${key}` : key),
    );
  }
  return [];
}

/** Runs of `size` words in any string of `value` that also occur in `sourceRuns`. */
export function findCopiedRuns(value: unknown, sourceRuns: RunLookup, size = DEFAULT_RUN): CopiedRun[] {
  const hits: CopiedRun[] = [];
  for (const { path, text } of collectStrings(value)) {
    for (const run of wordRuns(text, size)) {
      if (sourceRuns.has(run)) hits.push({ path, run });
    }
  }
  return hits;
}
