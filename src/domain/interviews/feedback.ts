import { z } from 'zod';

export const STAR_PARTS = ['situation', 'task', 'action', 'result'] as const;
export type StarPart = (typeof STAR_PARTS)[number];

export type StarRatings = Record<StarPart, number>;

export interface InterviewFeedback extends StarRatings {
  readonly strength: string;
  readonly improve: string;
}

export type FeedbackResult = { ok: true; value: InterviewFeedback } | { ok: false; errors: string[] };

export const FEEDBACK_FIELD_LABELS = {
  situation: 'Situation',
  task: 'Task',
  action: 'Action',
  result: 'Result',
  strength: 'What went well',
  improve: 'What to improve',
} as const;

function rating(label: string) {
  const message = `${label} rating: enter a whole number from 1 to 5.`;
  return z
    .string({ error: message })
    .trim()
    .regex(/^[1-5]$/, { error: message })
    .transform(Number);
}

function text(label: string, max: number) {
  const required = `${label}: this field is required.`;
  return z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .max(max, { error: `${label}: please keep it to ${max} characters or fewer.` });
}

export const feedbackSchema = z.object({
  situation: rating(FEEDBACK_FIELD_LABELS.situation),
  task: rating(FEEDBACK_FIELD_LABELS.task),
  action: rating(FEEDBACK_FIELD_LABELS.action),
  result: rating(FEEDBACK_FIELD_LABELS.result),
  strength: text(FEEDBACK_FIELD_LABELS.strength, 500),
  improve: text(FEEDBACK_FIELD_LABELS.improve, 500),
});

/** Validates raw modal fields; every problem is reported, one readable sentence per field. */
export function parseFeedback(input: unknown): FeedbackResult {
  const result = feedbackSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  if (typeof input !== 'object' || input === null)
    return { ok: false, errors: ['The feedback form is empty.'] };
  return { ok: false, errors: result.error.issues.map((issue) => issue.message) };
}

export interface StarAverages {
  /** Mean rating per STAR part, or null when there is no feedback yet. */
  readonly averages: Record<StarPart, number | null>;
  readonly count: number;
}

export function averages(feedbacks: readonly StarRatings[]): StarAverages {
  const totals: StarRatings = { situation: 0, task: 0, action: 0, result: 0 };
  for (const feedback of feedbacks) {
    for (const part of STAR_PARTS) totals[part] += feedback[part];
  }
  const count = feedbacks.length;
  const mean = (part: StarPart): number | null => (count === 0 ? null : totals[part] / count);
  return {
    averages: {
      situation: mean('situation'),
      task: mean('task'),
      action: mean('action'),
      result: mean('result'),
    },
    count,
  };
}
