import { sql, type Kysely } from 'kysely';

// Migrations never import app code: they must keep working as the app changes.
// One row per unit of scheduled or fan-out work (a prompt to one member, a round's summary, a group's
// thread, a feedback DM). The key is the idempotency key: enqueueing the same work twice is a no-op.
// `next_attempt_at` is on the scheduling clock; `lease_expires_at` is real time (two processes compare it).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('work_item')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('guild_id', 'text', (col) => col.notNull())
    // The member the work is for, when it is for one: their data export and deletion cover it.
    .addColumn('user_id', 'text')
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('pending', 'running', 'done', 'failed', 'cancelled')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'integer', (col) => col.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'integer')
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('work_item_due')
    .on('work_item')
    .columns(['state', 'next_attempt_at'])
    .execute();
  await db.schema.createIndex('work_item_guild').on('work_item').columns(['guild_id', 'kind']).execute();

  // Attempts, back-off and leases of check-in deliveries now live in their work items; the delivery row
  // keeps the outcome (sent, failed, skipped) that summaries, streaks and exports read. A delivery that
  // was being sent is owed again: its work item is made by the next planning pass.
  await db
    .updateTable('checkin_delivery' as never)
    .set({ state: 'pending' } as never)
    .where('state' as never, '=', 'sending' as never)
    .execute();
  await db.schema.alterTable('checkin_delivery').dropColumn('attempts').execute();
  await db.schema.alterTable('checkin_delivery').dropColumn('next_attempt_at').execute();
  // The same for interview groups: their step (thread, members, intro) stays, their retries move.
  await db.schema.alterTable('interview_group').dropColumn('attempts').execute();
  await db.schema.alterTable('interview_group').dropColumn('next_attempt_at').execute();
}
