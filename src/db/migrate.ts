import { Migrator, sql, type Kysely, type MigrationResult } from 'kysely';
import { dialectOf } from './dialect.js';
import { migrations } from './migrations/index.js';
import { SqliteTypesOnPostgres } from './postgres/schema-types.js';

export class MigrationFailedError extends Error {
  constructor(
    readonly migrationName: string | undefined,
    cause: unknown,
  ) {
    super(
      `Database migration ${migrationName ? `"${migrationName}" ` : ''}failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'MigrationFailedError';
  }
}

/**
 * Applies every pending forward migration, each in its own transaction; throws on the first failure.
 * On PostgreSQL all of them run in one transaction under an advisory lock (Kysely's), so processes
 * starting together migrate once, and the column types are translated (postgres/schema-types.ts).
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<MigrationResult[]> {
  const postgres = dialectOf(db) === 'postgres';
  const target = postgres ? db.withPlugin(new SqliteTypesOnPostgres()) : db;
  const migrator = new Migrator({
    db: target,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its bookkeeping tables in every schema unless told which: another schema's (another
    // app's, or another test's) would be taken for ours.
    ...(postgres ? { migrationTableSchema: await currentSchema(db) } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error');
    throw new MigrationFailedError(failed?.migrationName, error);
  }
  return results;
}

async function currentSchema<DB>(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema)
    throw new MigrationFailedError(undefined, new Error('PostgreSQL has no current schema (search_path)'));
  return schema;
}
