import { z } from 'zod';
import { Refusal } from '../refusal.js';
import { timeOfDaySchema } from '../time/time-of-day.js';
import { weekdaySchema } from '../time/weekday.js';
import { timeZoneSchema } from '../time/zones.js';
import { LEVELS } from './pairing-types.js';
import { CADENCES } from './types.js';

/** `/interview-admin setup`'s options. */
export const SetupInputSchema = z.object({
  channelId: z.string().regex(/^\d{17,20}$/, { error: 'Choose a text channel.' }),
  weekday: weekdaySchema,
  time: timeOfDaySchema,
  timezone: timeZoneSchema,
  cadence: z.enum(CADENCES, { error: 'Choose weekly or every two weeks.' }),
});
export type SetupInput = z.input<typeof SetupInputSchema>;

/** Checks setup options, every problem listed; throws a Refusal when any is wrong. */
export function validateSetup(input: SetupInput): z.output<typeof SetupInputSchema> {
  const parsed = SetupInputSchema.safeParse(input);
  if (!parsed.success)
    throw new Refusal({
      code: 'interviews-setup-invalid',
      problems: parsed.error.issues.map((issue) => issue.message),
    });
  return parsed.data;
}

export const FOCUS_MAX = 50;

/** `/interview join`'s options; each one left out keeps what the member chose before. */
export const JoinInputSchema = z.object({
  focus: z
    .string()
    .trim()
    .min(1, { error: 'Focus: write a competency or a few words, e.g. teamwork or system design.' })
    .max(FOCUS_MAX, { error: `Focus: keep it to ${FOCUS_MAX} characters or fewer.` })
    .optional(),
  level: z.enum(LEVELS, { error: 'Level: choose beginner, intermediate or advanced.' }).optional(),
  timezone: timeZoneSchema.optional(),
});
export type JoinInput = z.input<typeof JoinInputSchema>;

/** Checks join options, every problem listed; throws a Refusal when any is wrong. */
export function validateJoin(input: JoinInput): z.output<typeof JoinInputSchema> {
  const parsed = JoinInputSchema.safeParse(input);
  if (!parsed.success)
    throw new Refusal({
      code: 'interviews-join-invalid',
      problems: parsed.error.issues.map((issue) => issue.message),
    });
  return parsed.data;
}
