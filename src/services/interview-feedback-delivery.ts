import { z } from 'zod';
import { getWorkItem } from '../db/repositories/work-items.js';
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
  const key = workKey(
    WORK.interviewFeedback,
    feedback.guildId,
    feedback.groupId,
    feedback.giverId,
    feedback.candidateId,
    feedback.updatedAt,
  );
  await record(
    deps,
    [
      {
        key,
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
      },
    ],
    now,
  );
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
