import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Members Discord says have left a server: skipped by rounds, deleted after the retention period.
  await db.schema
    .createTable('member_departure')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('left_at', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('member_departure_pk', ['guild_id', 'user_id'])
    .execute();
  await db.schema.createIndex('member_departure_left_at').on('member_departure').column('left_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('member_departure').execute();
}
