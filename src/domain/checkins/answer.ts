import { z } from 'zod';

export interface CheckinAnswer {
  readonly done: string;
  readonly nextGoal: string;
  /** null when left empty. */
  readonly blockers: string | null;
  readonly applications: number | null;
  readonly interviews: number | null;
}

export type CheckinAnswerResult = { ok: true; value: CheckinAnswer } | { ok: false; errors: string[] };

export const MAX_COUNT = 1000;

export const CHECKIN_FIELD_LABELS = {
  done: 'What you did this week',
  nextGoal: 'Goal for next week',
  blockers: 'Blockers',
  applications: 'Applications sent',
  interviews: 'Interviews',
} as const;

function requiredText(label: string, max: number) {
  return z
    .string({ error: `${label}: this field is required.` })
    .trim()
    .min(1, { error: `${label}: this field is required.` })
    .max(max, { error: `${label}: please keep it to ${max} characters or fewer.` });
}

// Modal text inputs always send a string; an empty one means "not given".
function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label}: expected text.` })
    .trim()
    .max(max, { error: `${label}: please keep it to ${max} characters or fewer.` })
    .optional()
    .transform((text) => (text === undefined || text === '' ? null : text));
}

function optionalCount(label: string) {
  const message = `${label}: enter a whole number from 0 to ${MAX_COUNT}, or leave it empty.`;
  return z
    .string({ error: message })
    .optional()
    .transform((text, ctx) => {
      const trimmed = text?.trim() ?? '';
      if (trimmed === '') return null;
      // Digits only: rejects "-1", "2.5", "1e3", "+3" and "3 apps" rather than guessing.
      const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
      if (!(value <= MAX_COUNT)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return value;
    });
}

export const checkinAnswerSchema = z.object({
  done: requiredText(CHECKIN_FIELD_LABELS.done, 1000),
  nextGoal: requiredText(CHECKIN_FIELD_LABELS.nextGoal, 500),
  blockers: optionalText(CHECKIN_FIELD_LABELS.blockers, 500),
  applications: optionalCount(CHECKIN_FIELD_LABELS.applications),
  interviews: optionalCount(CHECKIN_FIELD_LABELS.interviews),
});

/** Validates raw modal fields; every problem is reported, one readable sentence per field. */
export function parseCheckinAnswer(input: unknown): CheckinAnswerResult {
  const result = checkinAnswerSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  if (typeof input !== 'object' || input === null)
    return { ok: false, errors: ['The check-in form is empty.'] };
  return { ok: false, errors: result.error.issues.map((issue) => issue.message) };
}
