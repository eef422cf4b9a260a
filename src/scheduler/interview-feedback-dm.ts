import { getFeedback, markFeedbackDelivered } from '../db/repositories/interviews/feedback.js';
import { getRound } from '../db/repositories/interviews/rounds.js';
import { classifySendError } from '../discord/messenger.js';
import { renderFeedbackDm } from '../discord/render/interviews/feedback.js';
import type { FeedbackDelivery, FeedbackPayload } from '../services/interview-feedback-delivery.js';
import type { InterviewRoundDeps } from './interview-rounds.js';
import { messageNonce, sendOnce } from './retry.js';
import type { WorkOutcome } from './work-engine.js';

/**
 * Sends one feedback to its candidate by DM and records the result. Closed DMs are told apart from a
 * candidate who left the server (a DM to someone who left answers 50007 too).
 */
export async function deliverFeedbackDm(
  deps: InterviewRoundDeps,
  payload: FeedbackPayload,
  now: Date,
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const feedback = await getFeedback(deps.db, payload.groupId, payload.giverId, payload.candidateId);
  // A later edit has its own item; this version is no longer the one to deliver.
  if (!feedback || feedback.updatedAt !== payload.version)
    return { outcome: 'skipped', reason: 'superseded' };
  const round = await getRound(deps.db, feedback.roundId);
  const message = renderFeedbackDm({
    guildName: deps.guildName(payload.guildId),
    roundKey: round?.key ?? '',
    feedback,
    updated: payload.updated,
  });
  let delivery: FeedbackDelivery;
  try {
    const dm = await deps.messenger.openDm(feedback.candidateId);
    await sendOnce(
      deps.messenger,
      dm,
      message,
      messageNonce('interview', 'feedback', payload.groupId, payload.giverId, payload.version),
      outcomeUnknown,
    );
    delivery = 'dm';
  } catch (error) {
    const failure = classifySendError(error);
    if (failure.kind !== 'dm-closed') return { outcome: 'retry', failure };
    const here = await deps.presence.lookUp(feedback.guildId, feedback.candidateId, now).catch(() => true);
    delivery = here ? 'dm-closed' : 'left';
  }
  await markFeedbackDelivered(
    deps.db,
    feedback.groupId,
    feedback.giverId,
    feedback.candidateId,
    delivery === 'dm' ? 'dm' : 'none',
  );
  return { outcome: 'done', result: { delivery } };
}
