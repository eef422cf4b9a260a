import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ShardScope } from '../../domain/shards/shards.js';
import type { Database } from '../database.js';
import { dialectOf } from '../dialect.js';
import type { WorkItemRow, WorkState } from '../tables/work.js';

type Db = Kysely<Database>;

/** Work to record: the key makes enqueueing idempotent (the same key twice is one item). */
export interface NewWorkItem {
  key: string;
  kind: string;
  guildId: string;
  /** The member the work is for, if any (their export and deletion cover the row). */
  userId?: string;
  payload: unknown;
  /** Scheduling-clock ms; default: due at once. */
  dueAt?: number;
}

// SQLite caps bound parameters; 100 rows × 10 columns stays far below it (and PostgreSQL's 65,535).
const INSERT_SLICE = 100;

/**
 * Records work that does not exist yet; an item with the same key is left as it is, whatever its state.
 * Returns the keys inserted. Pass a transaction to record work with the domain rows it belongs to.
 */
export async function enqueueWork(db: Db, items: readonly NewWorkItem[], now: number): Promise<string[]> {
  const inserted: string[] = [];
  for (let i = 0; i < items.length; i += INSERT_SLICE) {
    const rows = await db
      .insertInto('work_item')
      .values(
        items.slice(i, i + INSERT_SLICE).map((item) => ({
          key: item.key,
          kind: item.kind,
          guild_id: item.guildId,
          user_id: item.userId ?? null,
          payload: JSON.stringify(item.payload),
          state: 'pending' as const,
          attempts: 0,
          next_attempt_at: item.dueAt ?? now,
          lease_owner: null,
          lease_expires_at: null,
          result: null,
          error: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .execute();
    inserted.push(...rows.map((row) => row.key));
  }
  return inserted;
}

export interface ClaimOptions {
  /** Who claims (one id per process); only it may finish or renew what it claims. */
  owner: string;
  /** Scheduling clock: pending items due at or before this are claimed. */
  dueBy: number;
  /** Real time (Date.now): running items whose lease ended before this are claimed again. */
  realNow: number;
  /** How long the claim lasts without renewal, in real ms. */
  leaseMs: number;
  limit: number;
  /** Only servers on these shards (default: every server). */
  scope?: ShardScope;
}

/**
 * Claims up to `limit` due items, counting the attempt: first running ones whose owner let the lease expire
 * (it died), then pending ones that are due. Each is one statement; on PostgreSQL the rows are picked with
 * FOR UPDATE SKIP LOCKED, so any number of processes claim side by side and never get the same item;
 * SQLite runs one writer at a time. A returned item with attempts > 1 may have been tried before without
 * its outcome being recorded.
 */
export async function claimDueWork(db: Db, options: ClaimOptions): Promise<WorkItemRow[]> {
  const postgres = dialectOf(db) === 'postgres';
  const shard = shardFilter(options.scope, postgres);
  const lock = postgres ? sql` for update skip locked` : sql``;
  // Two statements rather than one with an OR: each then walks the (state, next_attempt_at) index in
  // order and stops after `limit` rows. With the OR, every claim sorted every due item, so a round of
  // n members cost n²/limit row visits (a 2,000-member round spent 1.7 s in claims alone).
  const expired = await claimWhere(
    db,
    options,
    sql`select "key" from work_item
      where state = 'running' and lease_expires_at <= ${options.realNow}${shard}
      limit ${options.limit}${lock}`,
  );
  const room = options.limit - expired.length;
  const due =
    room <= 0
      ? []
      : await claimWhere(
          db,
          options,
          sql`select "key" from work_item
            where state = 'pending' and next_attempt_at <= ${options.dueBy}${shard}
            order by next_attempt_at
            limit ${room}${lock}`,
        );
  return [...expired, ...due].sort(
    (a, b) => a.next_attempt_at - b.next_attempt_at || a.key.localeCompare(b.key),
  );
}

async function claimWhere(db: Db, options: ClaimOptions, keys: RawBuilder<unknown>): Promise<WorkItemRow[]> {
  const result = await sql<WorkItemRow>`update work_item
    set state = 'running', attempts = attempts + 1, lease_owner = ${options.owner},
        lease_expires_at = ${options.realNow + options.leaseMs}, updated_at = ${options.dueBy}
    where "key" in (${keys})
    returning *`.execute(db);
  return result.rows;
}

/** Discord's routing, in SQL: shard = (guild_id >> 22) % count (src/domain/shards/shards.ts). */
function shardFilter(scope: ShardScope | undefined, postgres: boolean) {
  if (!scope || scope.count <= 1) return sql``;
  const ids = scope.ids.filter((id) => Number.isInteger(id) && id >= 0 && id < scope.count);
  if (ids.length === 0) return sql` and false`;
  const guild = postgres ? sql`cast(guild_id as bigint)` : sql`cast(guild_id as integer)`;
  return sql` and ((${guild} >> 22) % ${sql.lit(Math.floor(scope.count))}) in (${sql.join(ids.map((id) => sql.lit(id)))})`;
}

/** Extends the leases of items this owner is still working on (real time). */
export async function renewWorkLeases(
  db: Db,
  owner: string,
  keys: readonly string[],
  leaseExpiresAt: number,
): Promise<number> {
  if (keys.length === 0) return 0;
  const result = await db
    .updateTable('work_item')
    .set({ lease_expires_at: leaseExpiresAt })
    .where('key', 'in', keys)
    .where('lease_owner', '=', owner)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type WorkFinish =
  | { state: 'done'; result?: unknown }
  | { state: 'pending'; error: string; nextAttemptAt: number }
  | { state: 'failed' | 'cancelled'; error: string };

/**
 * Records how an attempt ended, if `owner` still holds the item (a process whose lease expired must not
 * overwrite the outcome of the one that took over). Returns whether it did.
 */
export async function finishWork(
  db: Db,
  key: string,
  owner: string,
  finish: WorkFinish,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('work_item')
    .set({
      state: finish.state,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: now,
      ...(finish.state === 'done'
        ? { result: finish.result === undefined ? null : JSON.stringify(finish.result), error: null }
        : { error: finish.error.slice(0, 500) }),
      ...(finish.state === 'pending' ? { next_attempt_at: finish.nextAttemptAt } : {}),
    })
    .where('key', '=', key)
    .where('lease_owner', '=', owner)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Gives claimed items back without an outcome (shutdown, lease lost): pending again and due at once.
 * Items that were started keep their attempt, so the next claim looks for what the attempt may have
 * sent; items never started give it back.
 */
export async function releaseWork(
  db: Db,
  owner: string,
  items: { started: readonly string[]; unstarted: readonly string[] },
  now: number,
): Promise<void> {
  for (const [keys, started] of [
    [items.started, true],
    [items.unstarted, false],
  ] as const) {
    if (keys.length === 0) continue;
    await db
      .updateTable('work_item')
      .set((eb) => ({
        state: 'pending',
        lease_owner: null,
        lease_expires_at: null,
        updated_at: now,
        ...(started ? {} : { attempts: eb('attempts', '-', 1) }),
      }))
      .where('key', 'in', keys)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'running')
      .execute();
  }
}

/** Stops work that has not finished, e.g. deliveries still owed when their round closes. */
export async function cancelWork(
  db: Db,
  filter: { guildId: string; keyPrefix: string },
  reason: string,
  now: number,
): Promise<number> {
  const result = await db
    .updateTable('work_item')
    .set({ state: 'cancelled', error: reason, lease_owner: null, lease_expires_at: null, updated_at: now })
    .where('guild_id', '=', filter.guildId)
    .where('key', 'like', `${escapeLike(filter.keyPrefix)}%`)
    .where('state', 'in', ['pending', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function escapeLike(text: string): string {
  // Both engines treat backslash as LIKE's escape character by default (PostgreSQL) or with ESCAPE;
  // keys use neither % nor _, so refuse them rather than guess.
  if (/[%_\\]/.test(text)) throw new Error(`work key prefix with a LIKE wildcard: ${text}`);
  return text;
}

export async function getWorkItem(db: Db, key: string): Promise<WorkItemRow | undefined> {
  return db.selectFrom('work_item').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function listWorkItems(
  db: Db,
  filter: { guildId?: string; kind?: string; keyPrefix?: string; states?: readonly WorkState[] },
): Promise<WorkItemRow[]> {
  let query = db.selectFrom('work_item').selectAll();
  if (filter.guildId !== undefined) query = query.where('guild_id', '=', filter.guildId);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.keyPrefix !== undefined) query = query.where('key', 'like', `${escapeLike(filter.keyPrefix)}%`);
  if (filter.states) query = query.where('state', 'in', filter.states);
  return query.orderBy('key').execute();
}

/** Forgets finished work older than `before` (scheduling clock): the domain rows keep the outcome. */
export async function deleteFinishedWork(db: Db, before: number): Promise<number> {
  const result = await db
    .deleteFrom('work_item')
    .where('state', 'in', ['done', 'failed', 'cancelled'])
    .where('updated_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
