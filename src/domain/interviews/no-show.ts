export type MeetingOutcome = 'met' | 'missed' | 'unknown';

/** Two missed meetings in a row take a member out of the pool. */
export const NO_SHOW_LIMIT = 2;

/**
 * Missed meetings in a row at the end of `outcomes` (oldest first). An unknown outcome (nobody reported)
 * ends the run: members are only removed on evidence, never on silence.
 */
export function trailingMisses(outcomes: readonly MeetingOutcome[]): number {
  let misses = 0;
  for (let i = outcomes.length - 1; i >= 0 && outcomes[i] === 'missed'; i -= 1) misses += 1;
  return misses;
}

export function isNoShow(outcomes: readonly MeetingOutcome[], limit = NO_SHOW_LIMIT): boolean {
  return trailingMisses(outcomes) >= limit;
}

/** Splits a pool into members who stay and members moved out by the no-show rule. */
export function applyNoShowRule<T extends { readonly memberId: string }>(
  pool: readonly T[],
  outcomesOf: (memberId: string) => readonly MeetingOutcome[],
  limit = NO_SHOW_LIMIT,
): { kept: T[]; removed: T[] } {
  const kept: T[] = [];
  const removed: T[] = [];
  for (const member of pool) (isNoShow(outcomesOf(member.memberId), limit) ? removed : kept).push(member);
  return { kept, removed };
}
