import { z } from 'zod';
import { parseFeedback, type FeedbackResult } from './feedback.js';

/** The feedback modal's three boxes, as Discord sends them. */
export const FeedbackFormSchema = z.object({
  ratings: z.string().default(''),
  strength: z.string().default(''),
  improve: z.string().default(''),
});

const RATINGS_ERROR =
  'Ratings: enter four whole numbers from 1 to 5, for Situation, Task, Action and Result, e.g. "4 3 5 4".';

/**
 * The modal has one ratings box ("4 3 5 4", also "4,3,5,4" or "4354") because Discord allows five inputs and
 * STAR needs four ratings plus two texts. The four numbers then go through the domain's own checks.
 */
export function parseFeedbackForm(fields: unknown): FeedbackResult {
  const form = FeedbackFormSchema.safeParse(fields ?? {});
  if (!form.success) return { ok: false, errors: ['The feedback form is empty.'] };
  const raw = form.data.ratings.trim();
  const parts = /^\d{4}$/.test(raw)
    ? raw.split('')
    : raw
        .split(/[\s,;/|-]+/)
        .map((part) => part.replace(/^[STARstar]\s*[:=]?\s*/, ''))
        .filter((part) => part !== '');
  const parsed = parseFeedback({
    situation: parts[0],
    task: parts[1],
    action: parts[2],
    result: parts[3],
    strength: form.data.strength,
    improve: form.data.improve,
  });
  const ratingProblem = parts.length !== 4 || (!parsed.ok && parsed.errors.some((e) => / rating: /.test(e)));
  if (!ratingProblem) return parsed;
  const textErrors = parsed.ok ? [] : parsed.errors.filter((e) => !/ rating: /.test(e));
  return { ok: false, errors: [RATINGS_ERROR, ...textErrors] };
}
