import { z } from 'zod';
import { loadDotEnv, ConfigSchema } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';

/** `npm run migrate`: applies pending migrations; needs only DATABASE_PATH, not a token. */
async function main(): Promise<void> {
  loadDotEnv();
  const { DATABASE_PATH } = ConfigSchema.pick({ DATABASE_PATH: true }).parse(process.env);
  const database = openDatabase(DATABASE_PATH);
  try {
    const results = await migrateToLatest(database.db);
    console.log(
      results.length === 0
        ? `${DATABASE_PATH}: already up to date.`
        : `${DATABASE_PATH}: applied ${results.map((r) => r.migrationName).join(', ')}.`,
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
