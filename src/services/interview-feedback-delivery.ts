import { z } from 'zod';
import { listOwedFeedback } from '../db/repositories/interviews/feedback.js';
import { getWorkItem, type NewWorkItem } from '../db/repositories/work-items.js';
import type { Feedback } from '../domain/interviews/types.js';
import { record, type InterviewPlanDeps } from './interview-rounds.js';
import { FIRST_IN_LINE, waitUntil, WORK, workKey } from './work.js';

/** What became of a feedback DM, told to the giver as it is. */
const DELIVERIES = ['dm', 'dm-closed', 'left', 'retrying', 'refused'] as const;
export type FeedbackDelivery = (typeof DELIVERIES)[number];
const DeliveryResult = z.object({ delivery: z.enum(DELIVERIES) });

/** The feedback DM's work payload: checked by the work engine when the item is claimed. */
export const FeedbackPayloadSchema = z.object({
  guildId: z.string(),
  groupId: z.number().int(),
  giverId: z.string(),
  candidateId: z.string(),
  version: z.number(),
  updated: z.boolean(),
});
export type FeedbackPayload = z.infer<typeof FeedbackPayloadSchema>;

/**
 * Feedback goes to its candidate alone, by DM, as work of its own (one item per saved version, so an
 * edit is delivered again and a retry never doubles it). Waits a bounded time to tell the giver how it
 * went; a transient failure is retried by the engine.
 */
export async function deliverFeedback(
  deps: InterviewPlanDeps,
  feedback: Feedback,
  updated: boolean,
  now: Date,
  waitMs = 10_000,
): Promise<FeedbackDelivery> {
  const item = feedbackItem(feedback, updated);
  await record(deps, [item], now);
  const { key } = item;
  const outcome = async (): Promise<FeedbackDelivery | undefined> => {
    const item = await getWorkItem(deps.db, key);
    if (!item) return 'refused';
    if (item.state === 'done') {
      const result = DeliveryResult.safeParse(JSON.parse(item.result ?? 'null'));
      return result.success ? result.data.delivery : 'refused';
    }
    if (item.state === 'failed' || item.state === 'cancelled') return 'refused';
    // An attempt failed and waits for its retry.
    if (item.state === 'pending' && item.attempts > 0) return 'retrying';
    return undefined;
  };
  await waitUntil(async () => (await outcome()) !== undefined, waitMs);
  return (await outcome()) ?? 'retrying';
}

/**
 * The work item that delivers one version of a feedback: keyed by that version, so whoever records it
 * first (the submission, or the minute's look for feedback still owed) makes the only one.
 */
function feedbackItem(feedback: Feedback, updated: boolean): NewWorkItem {
  return {
    key: workKey(
      WORK.interviewFeedback,
      feedback.guildId,
      feedback.groupId,
      feedback.giverId,
      feedback.candidateId,
      feedback.updatedAt,
    ),
    kind: WORK.interviewFeedback,
    guildId: feedback.guildId,
    userId: feedback.candidateId,
    dueAt: FIRST_IN_LINE,
    payload: {
      guildId: feedback.guildId,
      groupId: feedback.groupId,
      giverId: feedback.giverId,
      candidateId: feedback.candidateId,
      version: feedback.updatedAt,
      updated,
    } satisfies FeedbackPayload,
  };
}

/**
 * Feedback saved but never delivered gets its work item: feedback saved before the work engine existed
 * had none, and a process that died between saving and recording the item left none either. Items already
 * recorded are left as they are (same key).
 */
export async function planOwedFeedback(deps: InterviewPlanDeps, guildId: string, now: Date): Promise<void> {
  const owed = await listOwedFeedback(deps.db, guildId);
  if (owed.length === 0) return;
  await record(
    deps,
    owed.map((feedback) => feedbackItem(feedback, feedback.updatedAt !== feedback.createdAt)),
    now,
  );
}
