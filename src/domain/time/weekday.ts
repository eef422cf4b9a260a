import { z } from 'zod';

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

export type WeekdayName = (typeof WEEKDAYS)[number];

/** ISO weekday as luxon numbers it: 1 = Monday … 7 = Sunday. */
export type WeekdayNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAY_ERROR = 'Choose a day of the week, for example monday or friday.';

/** Accepts any case and surrounding spaces ("Monday ", "MONDAY") and yields the canonical lower-case name. */
export const weekdaySchema = z
  .string({ error: WEEKDAY_ERROR })
  .trim()
  .toLowerCase()
  .pipe(z.enum(WEEKDAYS, { error: WEEKDAY_ERROR }));

export function weekdayToNumber(name: WeekdayName): WeekdayNumber {
  return (WEEKDAYS.indexOf(name) + 1) as WeekdayNumber;
}

export function weekdayFromNumber(weekday: number): WeekdayName {
  const name = WEEKDAYS[weekday - 1];
  if (name === undefined || !Number.isInteger(weekday)) {
    throw new RangeError(`Weekday number must be an integer from 1 to 7, got ${weekday}`);
  }
  return name;
}

export function isWeekdayName(value: string): value is WeekdayName {
  return (WEEKDAYS as readonly string[]).includes(value);
}
