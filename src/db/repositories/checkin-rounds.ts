import type { Kysely } from 'kysely';
import type { CheckinPhase } from '../../domain/checkins/phases.js';
import type { RoundWindow } from '../../domain/checkins/schedule.js';
import type {
  CheckinRound,
  Delivery,
  DeliveryKind,
  DeliveryMode,
  DeliveryState,
} from '../../domain/checkins/types.js';
import type { Database } from '../database.js';
import type { CheckinDeliveryRow, CheckinRoundRow } from '../tables/checkins.js';

/** Check-in rounds and their deliveries (who is owed which message, and how it went). */
type Db = Kysely<Database>;

// ---- rounds ----

function toCheckinRound(row: CheckinRoundRow): CheckinRound {
  return {
    guildId: row.guild_id,
    window: {
      key: row.round_key,
      opensAt: new Date(row.opens_at),
      remindAt: new Date(row.remind_at),
      closesAt: new Date(row.closes_at),
    },
    channelId: row.channel_id,
    openedAt: row.opened_at,
    remindedAt: row.reminded_at,
    closedAt: row.closed_at,
  };
}

/** A server's started rounds, oldest first. */
export async function listRounds(db: Db, guildId: string): Promise<CheckinRound[]> {
  const rows = await db
    .selectFrom('checkin_round')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('opens_at')
    .execute();
  return rows.map(toCheckinRound);
}

export async function getRound(db: Db, guildId: string, roundKey: string): Promise<CheckinRound | undefined> {
  const row = await db
    .selectFrom('checkin_round')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .executeTakeFirst();
  return row && toCheckinRound(row);
}

/** Creates the round row if missing; a second call (after a crash) keeps the first. */
export async function ensureRound(
  db: Db,
  round: { guildId: string; window: RoundWindow; channelId: string },
): Promise<void> {
  const { guildId, window, channelId } = round;
  await db
    .insertInto('checkin_round')
    .values({
      guild_id: guildId,
      round_key: window.key,
      opens_at: window.opensAt.getTime(),
      remind_at: window.remindAt.getTime(),
      closes_at: window.closesAt.getTime(),
      channel_id: channelId,
      opened_at: null,
      reminded_at: null,
      closed_at: null,
    })
    .onConflict((oc) => oc.columns(['guild_id', 'round_key']).doNothing())
    .execute();
}

const PHASE_COLUMN = { open: 'opened_at', remind: 'reminded_at', close: 'closed_at' } as const;

/** Records when a phase of the round finished; the first record stands. */
export async function markRoundPhase(
  db: Db,
  guildId: string,
  roundKey: string,
  phase: CheckinPhase,
  at: Date,
): Promise<void> {
  const column = PHASE_COLUMN[phase];
  await db
    .updateTable('checkin_round')
    .set({ [column]: at.getTime() })
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .where(column, 'is', null)
    .execute();
}

// ---- deliveries ----

function toDelivery(row: CheckinDeliveryRow): Delivery {
  return {
    guildId: row.guild_id,
    roundKey: row.round_key,
    userId: row.user_id,
    kind: row.kind,
    state: row.state,
    via: row.via,
    messageId: row.message_id,
    error: row.error,
    updatedAt: row.updated_at,
  };
}

export interface DeliveryKey {
  guildId: string;
  roundKey: string;
  userId: string;
  kind: DeliveryKind;
}

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

export async function getDelivery(db: Db, key: DeliveryKey): Promise<Delivery | undefined> {
  const row = await db
    .selectFrom('checkin_delivery')
    .selectAll()
    .where('guild_id', '=', key.guildId)
    .where('round_key', '=', key.roundKey)
    .where('user_id', '=', key.userId)
    .where('kind', '=', key.kind)
    .executeTakeFirst();
  return row && toDelivery(row);
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
): Promise<Delivery[]> {
  let query = db
    .selectFrom('checkin_delivery')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .where('kind', '=', kind);
  if (states) query = query.where('state', 'in', states);
  const rows = await query.orderBy('user_id').execute();
  return rows.map(toDelivery);
}

export interface DeliveryOutcome {
  state: Exclude<DeliveryState, 'pending' | 'sending'>;
  via?: DeliveryMode | null;
  messageId?: string | null;
  error?: string | null;
}

/**
 * Records the outcome of a delivery still owed. A delivery already settled (given up when its round
 * closed, say) keeps its outcome. Attempts and back-off live in the delivery's work item.
 */
export async function updateDelivery(
  db: Db,
  key: DeliveryKey,
  changes: DeliveryOutcome,
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
