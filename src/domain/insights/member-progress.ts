import { DateTime } from 'luxon';
import type { StreakStats } from '../checkins/streaks.js';
import { INSIGHT_WEEKS } from './participation.js';

export interface MemberWeek {
  /** Monday of the week (ISO date, UTC). */
  readonly weekStart: string;
  readonly done: number;
}

export interface MemberProgressFigures {
  readonly weeks: readonly MemberWeek[];
  readonly doneInPeriod: number;
  readonly doneTotal: number;
  readonly streak: Pick<StreakStats, 'current' | 'best'>;
}

/**
 * A member's own steps done per week over the last INSIGHT_WEEKS weeks (UTC weeks from Monday, the week
 * of `now` last) and their check-in streak. Their own data only, so no minimum number of members applies.
 */
export function memberProgressFigures(
  completedAt: readonly number[],
  streak: StreakStats,
  now: Date,
  weeks = INSIGHT_WEEKS,
): MemberProgressFigures {
  const thisWeek = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('week');
  const starts = Array.from({ length: weeks }, (_, i) => thisWeek.minus({ weeks: weeks - 1 - i }));
  const counts = starts.map(() => 0);
  const first = starts[0]?.toMillis() ?? 0;
  for (const at of completedAt) {
    if (at < first || at > now.getTime()) continue;
    const index = Math.floor(
      DateTime.fromMillis(at, { zone: 'utc' })
        .startOf('week')
        .diff(starts[0] ?? thisWeek, 'weeks').weeks,
    );
    if (index >= 0 && index < counts.length) counts[index] = (counts[index] ?? 0) + 1;
  }
  const rows = starts.map((start, i) => ({ weekStart: start.toISODate() ?? '', done: counts[i] ?? 0 }));
  return {
    weeks: rows,
    doneInPeriod: rows.reduce((sum, w) => sum + w.done, 0),
    doneTotal: completedAt.length,
    streak: { current: streak.current, best: streak.best },
  };
}
