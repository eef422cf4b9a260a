import type { Kysely } from 'kysely';
import type { InterviewRound, NewRoundPlan, RoundMilestone } from '../../../domain/interviews/types.js';
import type { Database } from '../../database.js';
import type { InterviewRoundRow, NewInterviewRound } from '../../tables/interviews.js';

type Db = Kysely<Database>;

/** Rows per insert: far below SQLite's limit on bound parameters (32,766) for these tables. */
const BATCH = 400;

function rowToInterviewRound(row: InterviewRoundRow): InterviewRound {
  return {
    id: row.id,
    guildId: row.guild_id,
    key: row.round_key,
    channelId: row.channel_id,
    seed: row.seed,
    opensAt: row.opens_at,
    followUpAt: row.follow_up_at,
    closesAt: row.closes_at,
    createdAt: row.created_at,
    satOutUserId: row.sat_out_user_id,
    skippedCount: row.skipped_count,
    pairedAt: row.paired_at,
    reportedAt: row.reported_at,
    followedUpAt: row.followed_up_at,
    closedAt: row.closed_at,
  };
}

function newRoundToRow(round: NewRoundPlan['round']): NewInterviewRound {
  return {
    guild_id: round.guildId,
    round_key: round.key,
    channel_id: round.channelId,
    seed: round.seed,
    opens_at: round.opensAt,
    follow_up_at: round.followUpAt,
    closes_at: round.closesAt,
    created_at: round.createdAt,
    sat_out_user_id: round.satOutUserId,
    skipped_count: round.skippedCount,
  };
}

const MILESTONE_COLUMNS = {
  pairedAt: 'paired_at',
  reportedAt: 'reported_at',
  followedUpAt: 'followed_up_at',
  closedAt: 'closed_at',
} as const satisfies Record<RoundMilestone, keyof InterviewRoundRow>;

/**
 * Writes a round, its groups, their members and the questions they will be asked, in one transaction,
 * before anything is sent. A round that already exists is returned as it is (a resumed or concurrent run).
 */
export async function createRound(
  db: Db,
  plan: NewRoundPlan,
  at: Date,
): Promise<{ round: InterviewRound; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const existing = await getRoundByKey(trx, plan.round.guildId, plan.round.key);
    if (existing) return { round: existing, created: false };
    const { id: roundId } = await trx
      .insertInto('interview_round')
      .values(newRoundToRow(plan.round))
      .returning('id')
      .executeTakeFirstOrThrow();
    const guildId = plan.round.guildId;
    // Batched: one insert per few hundred rows keeps a 10,000-member round to a fraction of a second,
    // so interactions waiting for the database are not held up.
    const groupIds = new Map<number, number>();
    const positions = plan.groups.map((_, index) => index + 1);
    for (let i = 0; i < positions.length; i += BATCH) {
      const rows = await trx
        .insertInto('interview_group')
        .values(
          positions.slice(i, i + BATCH).map((position) => ({
            round_id: roundId,
            guild_id: guildId,
            position,
            state: 'pending' as const,
            updated_at: at.getTime(),
          })),
        )
        .returning(['id', 'position'])
        .execute();
      for (const row of rows) groupIds.set(row.position, row.id);
    }
    const memberRows = plan.groups.flatMap((members, index) =>
      members.map((member, position) => ({
        group_id: groupIds.get(index + 1) as number,
        round_id: roundId,
        guild_id: guildId,
        user_id: member.userId,
        position,
        question_ids: JSON.stringify(member.questionIds),
        add_state: 'pending' as const,
      })),
    );
    for (let i = 0; i < memberRows.length; i += BATCH)
      await trx
        .insertInto('interview_group_member')
        .values(memberRows.slice(i, i + BATCH))
        .execute();
    // Member i interviews member i + 1, the last interviews the first (a pair: each other).
    const pairRows = plan.groups.flatMap((members, index) =>
      members.map((member, position) => ({
        group_id: groupIds.get(index + 1) as number,
        round_id: roundId,
        guild_id: guildId,
        interviewer_id: member.userId,
        candidate_id: (members[(position + 1) % members.length] ?? member).userId,
      })),
    );
    for (let i = 0; i < pairRows.length; i += BATCH)
      await trx
        .insertInto('interview_pair')
        .values(pairRows.slice(i, i + BATCH))
        .execute();
    const asked = plan.groups.flat().flatMap((member) =>
      member.questionIds.map((questionId) => ({
        guild_id: guildId,
        user_id: member.userId,
        question_id: questionId,
        round_id: roundId,
      })),
    );
    for (let i = 0; i < asked.length; i += BATCH)
      await trx
        .insertInto('interview_asked_question')
        .values(asked.slice(i, i + BATCH))
        // Only when the bank ran out of fresh questions; the first time it was asked is kept.
        .onConflict((oc) => oc.columns(['guild_id', 'user_id', 'question_id']).doNothing())
        .execute();
    if (plan.skipped.length > 0) {
      await trx
        .updateTable('interview_member')
        .set({ skip_next: 0 })
        .where('guild_id', '=', guildId)
        .where('user_id', 'in', plan.skipped)
        .execute();
    }
    const round = await trx
      .selectFrom('interview_round')
      .selectAll()
      .where('id', '=', roundId)
      .executeTakeFirstOrThrow();
    return { round: rowToInterviewRound(round), created: true };
  });
}

export async function getRoundByKey(
  db: Db,
  guildId: string,
  roundKey: string,
): Promise<InterviewRound | undefined> {
  const row = await db
    .selectFrom('interview_round')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .executeTakeFirst();
  return row && rowToInterviewRound(row);
}

export async function getRound(db: Db, roundId: number): Promise<InterviewRound | undefined> {
  const row = await db.selectFrom('interview_round').selectAll().where('id', '=', roundId).executeTakeFirst();
  return row && rowToInterviewRound(row);
}

export async function listRounds(db: Db, guildId: string): Promise<InterviewRound[]> {
  const rows = await db
    .selectFrom('interview_round')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('id')
    .execute();
  return rows.map(rowToInterviewRound);
}

export async function listOpenRounds(db: Db, guildId: string): Promise<InterviewRound[]> {
  const rows = await db
    .selectFrom('interview_round')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('closed_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(rowToInterviewRound);
}

export async function latestRound(db: Db, guildId: string): Promise<InterviewRound | undefined> {
  const row = await db
    .selectFrom('interview_round')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && rowToInterviewRound(row);
}

/** Sets a round's milestone once; a second call leaves the first time in place. */
export async function markRound(db: Db, roundId: number, milestone: RoundMilestone, at: Date): Promise<void> {
  const column = MILESTONE_COLUMNS[milestone];
  await db
    .updateTable('interview_round')
    .set({ [column]: at.getTime() })
    .where('id', '=', roundId)
    .where(column, 'is', null)
    .execute();
}
