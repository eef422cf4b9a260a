import { z } from 'zod';
import { HOUR_MS } from '../time/duration.js';
import {
  addDays,
  atLocalTime,
  calendarDateAt,
  formatIsoDate,
  parseIsoDate,
  toMillis,
  weekdayOf,
} from '../time/local-time.js';
import type { CalendarDate } from '../time/local-time.js';
import { parseTimeOfDay, timeOfDaySchema } from '../time/time-of-day.js';
import type { TimeOfDay } from '../time/time-of-day.js';
import { weekdaySchema, weekdayToNumber } from '../time/weekday.js';
import type { WeekdayName } from '../time/weekday.js';
import { timeZoneSchema } from '../time/zones.js';

export interface CheckinSchedule {
  readonly weekday: WeekdayName;
  /** Local time "HH:MM" at which each round opens. */
  readonly time: string;
  /** IANA zone the weekday and time are read in. */
  readonly timezone: string;
  /** The reminder goes this many real hours before the round closes. */
  readonly reminderLeadHours: number;
}

// A round lasts at least 167 hours (a spring-forward week); 6 days keeps the reminder well after the opening.
export const MAX_REMINDER_LEAD_HOURS = 144;

const LEAD_ERROR = `Reminder lead must be a whole number of hours from 1 to ${MAX_REMINDER_LEAD_HOURS}.`;

export const checkinScheduleSchema = z.object({
  weekday: weekdaySchema,
  time: timeOfDaySchema,
  timezone: timeZoneSchema,
  reminderLeadHours: z
    .number({ error: LEAD_ERROR })
    .int({ error: LEAD_ERROR })
    .min(1, { error: LEAD_ERROR })
    .max(MAX_REMINDER_LEAD_HOURS, { error: LEAD_ERROR }),
});

export interface RoundWindow {
  /** Local ISO date of the opening, e.g. "2026-11-16"; stable across DST and restarts. */
  readonly key: string;
  readonly opensAt: Date;
  readonly remindAt: Date;
  /** Exclusive: the next round opens at this instant. */
  readonly closesAt: Date;
}

function timeOf(schedule: CheckinSchedule): TimeOfDay {
  const time = parseTimeOfDay(schedule.time);
  if (time === undefined) throw new RangeError(`Invalid schedule time "${schedule.time}"`);
  return time;
}

function windowOpeningOn(schedule: CheckinSchedule, openingDate: CalendarDate): RoundWindow {
  const time = timeOf(schedule);
  const opensAt = atLocalTime(openingDate, time, schedule.timezone);
  const closesAt = atLocalTime(addDays(openingDate, 7), time, schedule.timezone);
  return {
    key: formatIsoDate(openingDate),
    opensAt,
    remindAt: new Date(closesAt.getTime() - schedule.reminderLeadHours * HOUR_MS),
    closesAt,
  };
}

/** The round open at instant `at`: opensAt <= at < closesAt. */
export function roundWindow(schedule: CheckinSchedule, at: Date | number): RoundWindow {
  const atMs = toMillis(at);
  const today = calendarDateAt(atMs, schedule.timezone);
  const daysBack = (weekdayOf(today) - weekdayToNumber(schedule.weekday) + 7) % 7;
  let openingDate = addDays(today, -daysBack);
  let window = windowOpeningOn(schedule, openingDate);
  // Today's opening may still be ahead of `at`; then the round open now started a week earlier.
  while (window.opensAt.getTime() > atMs) {
    openingDate = addDays(openingDate, -7);
    window = windowOpeningOn(schedule, openingDate);
  }
  return window;
}

export function roundKey(schedule: CheckinSchedule, at: Date | number): string {
  return roundWindow(schedule, at).key;
}

/** Window of the round with this key, or undefined if the key is not an opening date of this schedule. */
export function roundWindowByKey(schedule: CheckinSchedule, key: string): RoundWindow | undefined {
  const date = parseIsoDate(key);
  if (date === undefined || weekdayOf(date) !== weekdayToNumber(schedule.weekday)) return undefined;
  return windowOpeningOn(schedule, date);
}

export function previousRoundWindow(schedule: CheckinSchedule, window: RoundWindow): RoundWindow {
  return roundWindow(schedule, window.opensAt.getTime() - 1);
}

/** First round opening strictly after `after`. */
export function nextOpening(schedule: CheckinSchedule, after: Date | number): Date {
  return roundWindow(schedule, after).closesAt;
}

/** Earliest instant strictly after `after` at which a phase (remind or close/open) becomes due. */
export function nextPhaseAt(schedule: CheckinSchedule, after: Date | number): Date {
  const window = roundWindow(schedule, after);
  return toMillis(after) < window.remindAt.getTime() ? window.remindAt : window.closesAt;
}
