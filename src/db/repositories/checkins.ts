import type { Kysely } from 'kysely';
import type { CheckinAnswer } from '../../domain/checkins/answer.js';
import type { RoundRecord } from '../../domain/checkins/streaks.js';
import type { Database } from '../database.js';
import type {
  CheckinAnswerRow,
  CheckinConfigRow,
  CheckinDeliveryRow,
  CheckinMemberRow,
  CheckinRoundRow,
  DeliveryKind,
  DeliveryMode,
  DeliveryState,
} from '../tables/checkins.js';

type Db = Kysely<Database>;

// ---- configuration ----

export async function getCheckinConfig(db: Db, guildId: string): Promise<CheckinConfigRow | undefined> {
  return db.selectFrom('checkin_config').selectAll().where('guild_id', '=', guildId).executeTakeFirst();
}

export async function listCheckinConfigs(db: Db): Promise<CheckinConfigRow[]> {
  return db.selectFrom('checkin_config').selectAll().orderBy('guild_id').execute();
}

export async function saveCheckinConfig(db: Db, row: CheckinConfigRow): Promise<void> {
  const { guild_id: _guild, ...rest } = row;
  await db
    .insertInto('checkin_config')
    .values(row)
    .onConflict((oc) => oc.column('guild_id').doUpdateSet(rest))
    .execute();
}

// ---- members ----

export async function getCheckinMember(
  db: Db,
  guildId: string,
  userId: string,
): Promise<CheckinMemberRow | undefined> {
  return db
    .selectFrom('checkin_member')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function joinCheckins(db: Db, guildId: string, userId: string, at: Date): Promise<void> {
  await db
    .insertInto('checkin_member')
    .values({
      guild_id: guildId,
      user_id: userId,
      joined_at: at.getTime(),
      active: 1,
      paused_until: null,
      dm_closed: 0,
    })
    .onConflict((oc) => oc.columns(['guild_id', 'user_id']).doUpdateSet({ active: 1, paused_until: null }))
    .execute();
}

export async function updateCheckinMember(
  db: Db,
  guildId: string,
  userId: string,
  changes: Partial<Pick<CheckinMemberRow, 'active' | 'paused_until' | 'dm_channel_id' | 'dm_closed'>>,
): Promise<void> {
  await db
    .updateTable('checkin_member')
    .set(changes)
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

/** Leaves the check-ins of every server at once (from a DM); returns those servers. */
export async function leaveAllCheckins(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .updateTable('checkin_member')
    .set({ active: 0, paused_until: null })
    .where('user_id', '=', userId)
    .where('active', '=', 1)
    .returning('guild_id')
    .execute();
  return rows.map((row) => row.guild_id).sort();
}

export async function listActiveCheckinMembers(db: Db, guildId: string): Promise<CheckinMemberRow[]> {
  return db
    .selectFrom('checkin_member')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('active', '=', 1)
    .orderBy('user_id')
    .execute();
}

// ---- rounds ----

export async function listRounds(db: Db, guildId: string): Promise<CheckinRoundRow[]> {
  return db
    .selectFrom('checkin_round')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('opens_at')
    .execute();
}

export async function getRound(
  db: Db,
  guildId: string,
  roundKey: string,
): Promise<CheckinRoundRow | undefined> {
  return db
    .selectFrom('checkin_round')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .executeTakeFirst();
}

/** Creates the round row if missing; a second call (after a crash) keeps the first. */
export async function ensureRound(
  db: Db,
  round: Pick<
    CheckinRoundRow,
    'guild_id' | 'round_key' | 'opens_at' | 'remind_at' | 'closes_at' | 'channel_id'
  >,
): Promise<void> {
  await db
    .insertInto('checkin_round')
    .values({ ...round, opened_at: null, reminded_at: null, closed_at: null })
    .onConflict((oc) => oc.columns(['guild_id', 'round_key']).doNothing())
    .execute();
}

/**
 * A new schedule takes over at its first opening: rounds still open close then at the latest (their
 * reminder too), so two schedules never run side by side. Saved with the new configuration, atomically.
 */
export async function saveConfigClosingOpenRounds(
  db: Db,
  row: CheckinConfigRow,
  closeBy: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await saveCheckinConfig(trx, row);
    await trx
      .updateTable('checkin_round')
      .set({ remind_at: closeBy })
      .where('guild_id', '=', row.guild_id)
      .where('closed_at', 'is', null)
      .where('remind_at', '>', closeBy)
      .execute();
    await trx
      .updateTable('checkin_round')
      .set({ closes_at: closeBy })
      .where('guild_id', '=', row.guild_id)
      .where('closed_at', 'is', null)
      .where('closes_at', '>', closeBy)
      .execute();
  });
}

/** Deliveries still owed when their round closes are given up on: the member is not counted as missed. */
export async function giveUpOwedDeliveries(
  db: Db,
  guildId: string,
  roundKey: string,
  kind: DeliveryKind,
  reason: string,
  at: Date,
): Promise<number> {
  const result = await db
    .updateTable('checkin_delivery')
    .set({ state: 'failed', error: reason, updated_at: at.getTime() })
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .where('kind', '=', kind)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function markRoundPhase(
  db: Db,
  guildId: string,
  roundKey: string,
  column: 'opened_at' | 'reminded_at' | 'closed_at',
  at: Date,
): Promise<void> {
  await db
    .updateTable('checkin_round')
    .set({ [column]: at.getTime() })
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .where(column, 'is', null)
    .execute();
}

// ---- deliveries ----

/** Records who is owed a message before anything is sent; existing rows are kept as they are. */
export async function planDeliveries(
  db: Db,
  guildId: string,
  roundKey: string,
  kind: DeliveryKind,
  plan: ReadonlyArray<{ userId: string; state: 'pending' | 'skipped' }>,
  at: Date,
): Promise<void> {
  if (plan.length === 0) return;
  const write = async (trx: Db) => {
    // SQLite caps bound parameters; 200 rows × 6 columns stays far below it.
    for (let i = 0; i < plan.length; i += 200) {
      await trx
        .insertInto('checkin_delivery')
        .values(
          plan.slice(i, i + 200).map(({ userId, state }) => ({
            guild_id: guildId,
            round_key: roundKey,
            user_id: userId,
            kind,
            state,
            updated_at: at.getTime(),
          })),
        )
        .onConflict((oc) => oc.columns(['guild_id', 'round_key', 'user_id', 'kind']).doNothing())
        .execute();
    }
  };
  // Inside the caller's transaction when there is one (planning records work items with the rows).
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}

export async function getDelivery(
  db: Db,
  key: { guildId: string; roundKey: string; userId: string; kind: DeliveryKind },
): Promise<CheckinDeliveryRow | undefined> {
  return db
    .selectFrom('checkin_delivery')
    .selectAll()
    .where('guild_id', '=', key.guildId)
    .where('round_key', '=', key.roundKey)
    .where('user_id', '=', key.userId)
    .where('kind', '=', key.kind)
    .executeTakeFirst();
}

/** Whether any delivery of this kind is still owed in the round (one indexed row at most). */
export async function hasPendingDeliveries(
  db: Db,
  guildId: string,
  roundKey: string,
  kind: DeliveryKind,
): Promise<boolean> {
  const row = await db
    .selectFrom('checkin_delivery')
    .select('user_id')
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .where('kind', '=', kind)
    .where('state', '=', 'pending')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listDeliveries(
  db: Db,
  guildId: string,
  roundKey: string,
  kind: DeliveryKind,
  states?: readonly DeliveryState[],
): Promise<CheckinDeliveryRow[]> {
  let query = db
    .selectFrom('checkin_delivery')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .where('kind', '=', kind);
  if (states) query = query.where('state', 'in', states);
  return query.orderBy('user_id').execute();
}

/**
 * Records the outcome of a delivery still owed. A delivery already settled (given up when its round
 * closed, say) keeps its outcome. Attempts and back-off live in the delivery's work item.
 */
export async function updateDelivery(
  db: Db,
  key: { guildId: string; roundKey: string; userId: string; kind: DeliveryKind },
  changes: {
    state: Exclude<DeliveryState, 'pending' | 'sending'>;
    via?: DeliveryMode | null;
    messageId?: string | null;
    error?: string | null;
  },
  at: Date,
): Promise<void> {
  await db
    .updateTable('checkin_delivery')
    .set({
      state: changes.state,
      updated_at: at.getTime(),
      ...(changes.via !== undefined ? { via: changes.via } : {}),
      ...(changes.messageId !== undefined ? { message_id: changes.messageId } : {}),
      ...(changes.error !== undefined ? { error: changes.error } : {}),
    })
    .where('guild_id', '=', key.guildId)
    .where('round_key', '=', key.roundKey)
    .where('user_id', '=', key.userId)
    .where('kind', '=', key.kind)
    .where('state', '=', 'pending')
    .execute();
}

// ---- answers ----

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
): Promise<CheckinAnswerRow | undefined> {
  return db
    .selectFrom('checkin_answer')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function listAnswers(db: Db, guildId: string, roundKey: string): Promise<CheckinAnswerRow[]> {
  return db
    .selectFrom('checkin_answer')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .orderBy('created_at')
    .execute();
}

export async function listMemberAnswers(
  db: Db,
  guildId: string,
  userId: string,
  limit: number,
): Promise<CheckinAnswerRow[]> {
  return db
    .selectFrom('checkin_answer')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .orderBy('round_key', 'desc')
    .limit(limit)
    .execute();
}

export function toAnswer(row: CheckinAnswerRow): CheckinAnswer {
  return {
    done: row.done,
    nextGoal: row.next_goal,
    blockers: row.blockers,
    applications: row.applications,
    interviews: row.interviews,
  };
}

/**
 * Each member's record per round, oldest first, for streaks: answered if they answered, paused if their
 * prompt was skipped for a pause, undelivered if it never reached them, missed if prompted and silent. Rounds still open count only when answered.
 */
export async function memberHistories(
  db: Db,
  guildId: string,
  closedRoundKeys: ReadonlySet<string>,
  userIds?: readonly string[],
): Promise<Map<string, RoundRecord[]>> {
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
    if (userIds.length === 0) return new Map();
    prompts = prompts.where('user_id', 'in', userIds);
    answers = answers.where('user_id', 'in', userIds);
  }
  const [promptRows, answerRows] = await Promise.all([prompts.execute(), answers.execute()]);
  const answered = new Set(answerRows.map((row) => `${row.user_id}|${row.round_key}`));
  const records = new Map<string, Map<string, RoundRecord>>();
  const put = (userId: string, record: RoundRecord) => {
    let byRound = records.get(userId);
    if (!byRound) records.set(userId, (byRound = new Map()));
    byRound.set(record.roundKey, record);
  };
  for (const row of promptRows) {
    const isAnswered = answered.has(`${row.user_id}|${row.round_key}`);
    if (isAnswered) put(row.user_id, { roundKey: row.round_key, status: 'answered' });
    else if (row.state === 'skipped') put(row.user_id, { roundKey: row.round_key, status: 'paused' });
    // Never delivered (Discord refused it, or the round closed first): not the member's doing.
    else if (row.state === 'failed') put(row.user_id, { roundKey: row.round_key, status: 'undelivered' });
    else if (closedRoundKeys.has(row.round_key))
      put(row.user_id, { roundKey: row.round_key, status: 'missed' });
  }
  for (const row of answerRows) put(row.user_id, { roundKey: row.round_key, status: 'answered' });
  // Round keys are local ISO dates, so string order is time order.
  return new Map(
    [...records].map(([userId, byRound]) => [
      userId,
      [...byRound.values()].sort((a, b) => a.roundKey.localeCompare(b.roundKey)),
    ]),
  );
}
