/**
 * Below this many members a figure could single someone out ("the one member who skipped Docker"), so it
 * is withheld and the reader is told why.
 */
export const MIN_MEMBERS = 5;

/** What a view answers when too few members stand behind it. */
export interface TooFewMembers {
  readonly kind: 'too-few';
  /** How many members the figures would have been about. */
  readonly members: number;
}

export const tooFew = (members: number): TooFewMembers => ({ kind: 'too-few', members });

export const enoughMembers = (members: number): boolean => members >= MIN_MEMBERS;

/** Whole percent, 0 when there is nothing to divide by. */
export function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}

/** The last `count` items (oldest first), for "the last 12 weeks". */
export function lastItems<T>(items: readonly T[], count: number): T[] {
  return items.slice(Math.max(0, items.length - count));
}
