import { z } from 'zod';
import { loadDotEnv, DatabaseConfigSchema } from '../config.js';
import { describeDatabase, openConfiguredDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL or DATABASE_PATH; needs no token. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = DatabaseConfigSchema.parse(process.env);
  const where = describeDatabase(config);
  const database = openConfiguredDatabase(config);
  try {
    const results = await migrateToLatest(database.db);
    console.log(
      results.length === 0
        ? `${where}: already up to date.`
        : `${where}: applied ${results.map((r) => r.migrationName).join(', ')}.`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
