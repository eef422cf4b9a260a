import type { Kysely } from 'kysely';

// Migrations never import app code: they must keep working as the app changes.
// One row per scope an instance must hold alone. Today the only scope is 'bot' (the whole bot); sharding
// will add one scope per shard ('shard:<id>'), so the key is a text scope rather than a fixed single row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instance_lease')
    .addColumn('scope', 'text', (col) => col.primaryKey())
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('acquired_at', 'integer', (col) => col.notNull())
    .addColumn('renewed_at', 'integer', (col) => col.notNull())
    .addColumn('expires_at', 'integer', (col) => col.notNull())
    .execute();
}
