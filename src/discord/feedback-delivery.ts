import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { markFeedbackDelivered } from '../db/repositories/interviews.js';
import type { InterviewFeedbackRow } from '../db/tables/interviews.js';
import { SendError, type Messenger } from './messenger.js';
import type { MemberPresence } from './presence.js';
import { renderFeedbackDm } from './render/interviews.js';

/** What became of a feedback DM, told to the giver as it is. */
export type FeedbackDelivery = 'dm' | 'dm-closed' | 'left' | 'retrying' | 'refused';

export interface FeedbackDeliveryDeps {
  db: Kysely<Database>;
  messenger: Messenger;
  presence: Pick<MemberPresence, 'lookUp'>;
  clock: { now(): Date };
}

/**
 * Sends one feedback to its candidate by DM and records the result. A transient failure (5xx, 429, the
 * network) leaves it undelivered (`delivered_via` null) for the interview job to retry; closed DMs are
 * told apart from a candidate who left the server (a DM to someone who left answers 50007 too).
 */
export async function sendFeedbackDm(
  deps: FeedbackDeliveryDeps,
  guildName: string,
  roundKey: string,
  feedback: InterviewFeedbackRow,
  updated: boolean,
): Promise<FeedbackDelivery> {
  let outcome: FeedbackDelivery;
  try {
    const dm = await deps.messenger.openDm(feedback.candidate_id);
    await deps.messenger.send(dm, renderFeedbackDm({ guildName, roundKey, feedback, updated }));
    outcome = 'dm';
  } catch (error) {
    const kind = error instanceof SendError ? error.kind : 'retryable';
    if (kind === 'retryable') return 'retrying';
    outcome = 'refused';
    if (kind === 'dm-closed') {
      const here = await deps.presence
        .lookUp(feedback.guild_id, feedback.candidate_id, deps.clock.now())
        .catch(() => true);
      outcome = here ? 'dm-closed' : 'left';
    }
  }
  await markFeedbackDelivered(
    deps.db,
    feedback.group_id,
    feedback.giver_id,
    feedback.candidate_id,
    outcome === 'dm' ? 'dm' : 'none',
  );
  return outcome;
}
