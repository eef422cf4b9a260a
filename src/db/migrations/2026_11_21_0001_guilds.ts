import type { Kysely } from 'kysely';

// Migrations never import app code: they must keep working as the app changes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('guild')
    .addColumn('guild_id', 'text', (col) => col.primaryKey())
    .addColumn('joined_at', 'integer', (col) => col.notNull())
    .addColumn('left_at', 'integer')
    .execute();
}
