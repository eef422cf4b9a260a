import type { Kysely } from 'kysely';
import type { CheckinAnswer } from '../../domain/checkins/answer.js';
import type { AnswerFact, PromptFact } from '../../domain/checkins/history.js';
import type { RecordedAnswer } from '../../domain/checkins/types.js';
import type { Database } from '../database.js';
import type { CheckinAnswerRow } from '../tables/checkins.js';

/** Members' answers to check-in rounds, and the facts their streaks are computed from. */
type Db = Kysely<Database>;

function toAnswer(row: CheckinAnswerRow): CheckinAnswer {
  return {
    done: row.done,
    nextGoal: row.next_goal,
    blockers: row.blockers,
    applications: row.applications,
    interviews: row.interviews,
  };
}

function toRecordedAnswer(row: CheckinAnswerRow): RecordedAnswer {
  return {
    roundKey: row.round_key,
    userId: row.user_id,
    answer: toAnswer(row),
    createdAt: row.created_at,
  };
}

export async function saveAnswer(
  db: Db,
  key: { guildId: string; roundKey: string; userId: string },
  answer: CheckinAnswer,
  at: Date,
): Promise<{ created: boolean }> {
  const values = {
    done: answer.done,
    next_goal: answer.nextGoal,
    blockers: answer.blockers,
    applications: answer.applications,
    interviews: answer.interviews,
    updated_at: at.getTime(),
  };
  // Insert-or-nothing, then edit: safe when two submissions race on PostgreSQL's concurrent connections.
  const inserted = await db
    .insertInto('checkin_answer')
    .values({
      guild_id: key.guildId,
      round_key: key.roundKey,
      user_id: key.userId,
      ...values,
      created_at: at.getTime(),
    })
    .onConflict((oc) => oc.columns(['guild_id', 'round_key', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (inserted) return { created: true };
  await db
    .updateTable('checkin_answer')
    .set(values)
    .where('guild_id', '=', key.guildId)
    .where('round_key', '=', key.roundKey)
    .where('user_id', '=', key.userId)
    .execute();
  return { created: false };
}

export async function getAnswer(
  db: Db,
  guildId: string,
  roundKey: string,
  userId: string,
): Promise<RecordedAnswer | undefined> {
  const row = await db
    .selectFrom('checkin_answer')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toRecordedAnswer(row);
}

/** A round's answers, first given first. */
export async function listAnswers(db: Db, guildId: string, roundKey: string): Promise<RecordedAnswer[]> {
  const rows = await db
    .selectFrom('checkin_answer')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .orderBy('created_at')
    .execute();
  return rows.map(toRecordedAnswer);
}

/** A member's latest answers, newest first. */
export async function listMemberAnswers(
  db: Db,
  guildId: string,
  userId: string,
  limit: number,
): Promise<RecordedAnswer[]> {
  const rows = await db
    .selectFrom('checkin_answer')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .orderBy('round_key', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRecordedAnswer);
}

/**
 * What streaks are computed from (src/domain/checkins/history.ts): every prompt's state and every answer
 * of the server, or of `userIds` only.
 */
export async function listRoundFacts(
  db: Db,
  guildId: string,
  userIds?: readonly string[],
): Promise<{ prompts: PromptFact[]; answers: AnswerFact[] }> {
  if (userIds && userIds.length === 0) return { prompts: [], answers: [] };
  let prompts = db
    .selectFrom('checkin_delivery')
    .select(['user_id', 'round_key', 'state'])
    .where('guild_id', '=', guildId)
    .where('kind', '=', 'prompt');
  let answers = db
    .selectFrom('checkin_answer')
    .select(['user_id', 'round_key'])
    .where('guild_id', '=', guildId);
  if (userIds) {
    prompts = prompts.where('user_id', 'in', userIds);
    answers = answers.where('user_id', 'in', userIds);
  }
  const [promptRows, answerRows] = await Promise.all([prompts.execute(), answers.execute()]);
  return {
    prompts: promptRows.map((row) => ({ userId: row.user_id, roundKey: row.round_key, state: row.state })),
    answers: answerRows.map((row) => ({ userId: row.user_id, roundKey: row.round_key })),
  };
}
