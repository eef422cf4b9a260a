import { z } from 'zod';

export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

export const TIME_OF_DAY_ERROR = 'Use 24-hour time as HH:MM, for example 09:00 or 21:30.';

// One- or two-digit hour 0–23, always two-digit minutes: "9:00" and "09:00" pass, "24:00", "12:60", "9am" do not.
const TIME_OF_DAY_PATTERN = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function parseTimeOfDay(text: string): TimeOfDay | undefined {
  const match = TIME_OF_DAY_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function formatTimeOfDay({ hour, minute }: TimeOfDay): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Validates user input and normalises it to the stored form "HH:MM" ("9:00" → "09:00"). */
export const timeOfDaySchema = z.string({ error: TIME_OF_DAY_ERROR }).transform((text, ctx) => {
  const parsed = parseTimeOfDay(text);
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: TIME_OF_DAY_ERROR });
    return z.NEVER;
  }
  return formatTimeOfDay(parsed);
});
