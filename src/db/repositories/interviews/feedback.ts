import type { Kysely } from 'kysely';
import type { InterviewFeedback } from '../../../domain/interviews/feedback.js';
import type { DeliveredVia, Feedback, ReceivedFeedback } from '../../../domain/interviews/types.js';
import type { Database } from '../../database.js';
import type { InterviewFeedbackRow } from '../../tables/interviews.js';

type Db = Kysely<Database>;

function rowToFeedback(row: InterviewFeedbackRow): Feedback {
  return {
    groupId: row.group_id,
    roundId: row.round_id,
    guildId: row.guild_id,
    giverId: row.giver_id,
    candidateId: row.candidate_id,
    situation: row.situation,
    task: row.task,
    action: row.action,
    result: row.result,
    strength: row.strength,
    improve: row.improve,
    deliveredVia: row.delivered_via,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function saveFeedback(
  db: Db,
  key: { groupId: number; roundId: number; guildId: string; giverId: string; candidateId: string },
  feedback: InterviewFeedback,
  at: Date,
): Promise<{ created: boolean }> {
  const values = {
    situation: feedback.situation,
    task: feedback.task,
    action: feedback.action,
    result: feedback.result,
    strength: feedback.strength,
    improve: feedback.improve,
    updated_at: at.getTime(),
  };
  // Insert-or-nothing, then edit: safe when two submissions race on PostgreSQL's concurrent connections
  // (a read-then-insert would let both insert and one fail on the key).
  const inserted = await db
    .insertInto('interview_feedback')
    .values({
      group_id: key.groupId,
      round_id: key.roundId,
      guild_id: key.guildId,
      giver_id: key.giverId,
      candidate_id: key.candidateId,
      ...values,
      delivered_via: null,
      created_at: at.getTime(),
    })
    .onConflict((oc) => oc.columns(['group_id', 'giver_id', 'candidate_id']).doNothing())
    .returning('group_id')
    .executeTakeFirst();
  if (inserted) return { created: true };
  await db
    .updateTable('interview_feedback')
    .set({ ...values, delivered_via: null })
    .where('group_id', '=', key.groupId)
    .where('giver_id', '=', key.giverId)
    .where('candidate_id', '=', key.candidateId)
    .execute();
  return { created: false };
}

/** Whom this member interviews in the group, as fixed when the group was made. */
export async function getCandidate(
  db: Db,
  groupId: number,
  interviewerId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('interview_pair')
    .select('candidate_id')
    .where('group_id', '=', groupId)
    .where('interviewer_id', '=', interviewerId)
    .executeTakeFirst();
  return row?.candidate_id;
}

export async function getFeedback(
  db: Db,
  groupId: number,
  giverId: string,
  candidateId: string,
): Promise<Feedback | undefined> {
  const row = await db
    .selectFrom('interview_feedback')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('giver_id', '=', giverId)
    .where('candidate_id', '=', candidateId)
    .executeTakeFirst();
  return row && rowToFeedback(row);
}

/** Feedback of a server saved and not yet delivered (the partial index interview_feedback_owed). */
export async function listOwedFeedback(db: Db, guildId: string): Promise<Feedback[]> {
  const rows = await db
    .selectFrom('interview_feedback')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('delivered_via', 'is', null)
    .execute();
  return rows.map(rowToFeedback);
}

export async function markFeedbackDelivered(
  db: Db,
  groupId: number,
  giverId: string,
  candidateId: string,
  via: DeliveredVia,
): Promise<void> {
  await db
    .updateTable('interview_feedback')
    .set({ delivered_via: via })
    .where('group_id', '=', groupId)
    .where('giver_id', '=', giverId)
    .where('candidate_id', '=', candidateId)
    .execute();
}

/** Feedback a member received, newest first; optionally only from one group. */
export async function listFeedbackReceived(
  db: Db,
  guildId: string,
  candidateId: string,
  options: { groupId?: number; limit?: number } = {},
): Promise<ReceivedFeedback[]> {
  let query = db
    .selectFrom('interview_feedback as f')
    .innerJoin('interview_round as r', 'r.id', 'f.round_id')
    .selectAll('f')
    .select('r.round_key')
    .where('f.guild_id', '=', guildId)
    .where('f.candidate_id', '=', candidateId);
  if (options.groupId !== undefined) query = query.where('f.group_id', '=', options.groupId);
  const rows = await query
    .orderBy('f.round_id', 'desc')
    .orderBy('f.created_at', 'desc')
    .limit(options.limit ?? 1000)
    .execute();
  return rows.map((row) => ({ ...rowToFeedback(row), roundKey: row.round_key }));
}
