import { previousRoundWindow, roundWindow, type CheckinSchedule } from '../checkins/schedule.js';
import { DAY_MS } from '../time/duration.js';
import type { WeekdayName } from '../time/weekday.js';
import type { InterviewCadence, InterviewConfig } from './types.js';

/** When rounds run: weekly or fortnightly, on a local weekday and time. */
export interface InterviewSchedule {
  readonly weekday: WeekdayName;
  readonly time: string;
  readonly timezone: string;
  readonly cadence: InterviewCadence;
}

/** One period between two round openings. */
export interface Cycle {
  /** Local ISO date of the opening, e.g. "2026-11-20": the round key, stable across DST and restarts. */
  readonly key: string;
  readonly opensAt: Date;
  /** Exclusive: the next round opens at this instant. */
  readonly closesAt: Date;
}

export function scheduleOf(
  config: Pick<InterviewConfig, 'weekday' | 'time' | 'timezone' | 'cadence'>,
): InterviewSchedule {
  return {
    weekday: config.weekday as WeekdayName,
    time: config.time,
    timezone: config.timezone,
    cadence: config.cadence,
  };
}

function weekly(schedule: Omit<InterviewSchedule, 'cadence'>): CheckinSchedule {
  // The check-in calendar already does DST-safe weekly windows; its reminder is unused here.
  return {
    weekday: schedule.weekday,
    time: schedule.time,
    timezone: schedule.timezone,
    reminderLeadHours: 1,
  };
}

const daysBetween = (fromKey: string, toKey: string): number =>
  Math.round((Date.parse(`${toKey}T00:00:00Z`) - Date.parse(`${fromKey}T00:00:00Z`)) / DAY_MS);

/**
 * The cycle running at `at`. Fortnightly cycles open on the weeks an even number of weeks away from
 * `anchorKey` (the first opening after setup), so which weeks run never depends on when the bot restarts.
 */
export function cycleAt(schedule: InterviewSchedule, anchorKey: string, at: Date | number): Cycle {
  const base = weekly(schedule);
  let window = roundWindow(base, at);
  if (schedule.cadence === 'weekly') {
    return { key: window.key, opensAt: window.opensAt, closesAt: window.closesAt };
  }
  const weeks = Math.round(daysBetween(anchorKey, window.key) / 7);
  if (((weeks % 2) + 2) % 2 === 1) window = previousRoundWindow(base, window);
  const closesAt = roundWindow(base, window.closesAt).closesAt;
  return { key: window.key, opensAt: window.opensAt, closesAt };
}

/**
 * The first opening strictly after `now`, with its key: a new setup's next round, and the anchor its
 * fortnightly cycles count from.
 */
export function firstOpeningAfter(
  schedule: Omit<InterviewSchedule, 'cadence'>,
  now: Date,
): { at: Date; key: string } {
  const at = roundWindow(weekly(schedule), now).closesAt;
  return { at, key: roundWindow(weekly(schedule), at).key };
}

/** The follow-up goes halfway between the moment the groups were made and the end of the round. */
export function followUpTime(startedAt: Date | number, closesAt: Date | number): Date {
  const start = typeof startedAt === 'number' ? startedAt : startedAt.getTime();
  const end = typeof closesAt === 'number' ? closesAt : closesAt.getTime();
  return new Date(start + Math.floor((end - start) / 2));
}

/** When the next round is paired: this cycle's opening if it is still owed, else the next one. */
export function nextRoundAt(config: InterviewConfig, hasCurrentRound: boolean, now: Date): Date {
  const cycle = cycleAt(scheduleOf(config), config.anchorKey, now);
  if (!hasCurrentRound && cycle.opensAt.getTime() >= config.activeSince) return cycle.opensAt;
  return cycle.closesAt;
}
