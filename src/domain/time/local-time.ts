import { DateTime } from 'luxon';
import { DAY_MS, MINUTE_MS } from './duration.js';
import type { TimeOfDay } from './time-of-day.js';
import type { WeekdayNumber } from './weekday.js';

/** A date on the wall calendar, with no time zone attached. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function toMillis(at: Date | number): number {
  return typeof at === 'number' ? at : at.getTime();
}

// Calendar arithmetic is done on a UTC carrier so that no DST rule can shift the date.
function carrier(date: CalendarDate): DateTime {
  return DateTime.utc(date.year, date.month, date.day);
}

function fromCarrier(dt: DateTime): CalendarDate {
  return { year: dt.year, month: dt.month, day: dt.day };
}

export function calendarDateAt(at: Date | number, zone: string): CalendarDate {
  const local = DateTime.fromMillis(toMillis(at), { zone });
  return { year: local.year, month: local.month, day: local.day };
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromCarrier(carrier(date).plus({ days }));
}

export function weekdayOf(date: CalendarDate): WeekdayNumber {
  return carrier(date).weekday as WeekdayNumber;
}

/** "2026-11-16" */
export function formatIsoDate(date: CalendarDate): string {
  return carrier(date).toISODate() ?? '';
}

export function parseIsoDate(text: string): CalendarDate | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const dt = DateTime.fromISO(text, { zone: 'utc' });
  return dt.isValid ? fromCarrier(dt) : undefined;
}

/**
 * The instant at which the wall clock in `zone` shows `time` on `date`.
 *
 * DST rule (the same as java.time): the wall time is read with the offset in force *before* a transition.
 * - Spring forward, time in the skipped hour: it moves forward by the gap (Paris 02:30 → 03:30 CEST).
 *   This is what luxon does by itself.
 * - Fall back, time in the repeated hour: the first occurrence (Paris 02:30 → 02:30 CEST, not CET).
 *   luxon would pick the second one, so we correct it.
 */
export function atLocalTime(date: CalendarDate, time: TimeOfDay, zone: string): Date {
  const resolved = DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute },
    { zone },
  );
  const offsetBefore = DateTime.fromMillis(resolved.toMillis() - DAY_MS, { zone }).offset;
  if (offsetBefore > resolved.offset) {
    const wallAsUtc = carrier(date).toMillis() + (time.hour * 60 + time.minute) * MINUTE_MS;
    const earlier = DateTime.fromMillis(wallAsUtc - offsetBefore * MINUTE_MS, { zone });
    const sameWallTime =
      earlier.offset === offsetBefore &&
      earlier.day === date.day &&
      earlier.hour === time.hour &&
      earlier.minute === time.minute;
    if (sameWallTime) return earlier.toJSDate();
  }
  return resolved.toJSDate();
}
