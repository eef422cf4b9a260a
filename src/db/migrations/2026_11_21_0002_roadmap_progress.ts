import { sql, type Kysely } from 'kysely';

const sqlCheck = sql`status in ('in_progress', 'done', 'skipped')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per member per server: their language track and whether others may see their progress.
  await db.schema
    .createTable('member_profile')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('track', 'text')
    .addColumn('share_progress', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('member_profile_pk', ['guild_id', 'user_id'])
    .execute();

  // One row per member per step; a step with no row is "not started".
  await db.schema
    .createTable('step_progress')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('step_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sqlCheck))
    .addColumn('proof_url', 'text')
    .addColumn('started_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addColumn('completed_at', 'integer')
    .addPrimaryKeyConstraint('step_progress_pk', ['guild_id', 'user_id', 'step_id'])
    .execute();

  // "Recent activity" and "completed this week" read by time within one member.
  await db.schema
    .createIndex('step_progress_member_updated')
    .on('step_progress')
    .columns(['guild_id', 'user_id', 'updated_at'])
    .execute();
}
