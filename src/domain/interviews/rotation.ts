import type { MeetingOutcome } from './no-show.js';
import type { ReportOutcome } from './types.js';

/** Who a member interviews in their group's rotation: the next one along. */
export function candidateOf<T extends { userId: string }>(
  members: readonly T[],
  userId: string,
): T | undefined {
  const index = members.findIndex((m) => m.userId === userId);
  if (index === -1 || members.length < 2) return undefined;
  return members[(index + 1) % members.length];
}

/** Who interviews a member: the previous one along. */
export function interviewerOf<T extends { userId: string }>(
  members: readonly T[],
  userId: string,
): T | undefined {
  const index = members.findIndex((m) => m.userId === userId);
  if (index === -1 || members.length < 2) return undefined;
  return members[(index - 1 + members.length) % members.length];
}

/**
 * What a round means for one member of a group, from the group's answers:
 * - met: anyone in the group said they met;
 * - missed: the group said it could not meet and this member said nothing (they did not show up);
 * - unknown: nobody answered, or the member answered "couldn't meet" themselves (not a ghost).
 */
export function outcomeFor(
  reports: ReadonlyArray<{ userId: string; outcome: ReportOutcome }>,
  userId: string,
): MeetingOutcome {
  if (reports.some((r) => r.outcome === 'met')) return 'met';
  if (reports.length === 0 || reports.some((r) => r.userId === userId)) return 'unknown';
  return 'missed';
}
