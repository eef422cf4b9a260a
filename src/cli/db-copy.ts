import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DatabaseConfigSchema, loadDotEnv } from '../config.js';
import { describeDatabase } from '../db/connection.js';
import { copySqliteToPostgres } from '../db/copy.js';
import { openPostgres } from '../db/postgres/connection.js';

const USAGE = 'Usage: npm run db:copy -- --from <sqlite file> --to <postgres://user:password@host/db>';

/**
 * `npm run db:copy -- --from data/stepwise.sqlite --to postgres://…`: moves a community from SQLite to
 * PostgreSQL (README, "Scaling out"). Stop the bot first; TLS to the target comes from DATABASE_SSL(_CA).
 */
async function main(): Promise<void> {
  loadDotEnv();
  const { values } = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (!values.from || !values.to) throw new Error(USAGE);
  const config = DatabaseConfigSchema.parse({
    ...process.env,
    DATABASE_PATH: values.from,
    DATABASE_URL: values.to,
  });
  if (!config.DATABASE_URL) throw new Error(USAGE);
  const target = openPostgres({
    url: config.DATABASE_URL,
    poolSize: 2,
    statementTimeoutMs: 600_000,
    ssl: config.DATABASE_SSL,
    sslCaFile: config.DATABASE_SSL_CA,
  });
  try {
    const started = Date.now();
    const copied = await copySqliteToPostgres(values.from, target);
    const width = Math.max(...copied.map((t) => t.table.length));
    for (const table of copied)
      console.log(
        `${table.table.padEnd(width)}  ${String(table.rows).padStart(8)} rows  checksum ${table.checksum}  ok`,
      );
    const total = copied.reduce((sum, table) => sum + table.rows, 0);
    console.log(
      `Copied ${total} rows in ${copied.length} tables from ${values.from} to ${describeDatabase(config)} in ${Date.now() - started} ms; counts and checksums match. Set DATABASE_URL to switch the bot over.`,
    );
  } finally {
    await target.close();
  }
}

/** The command's own names for the variables it fills from its arguments. */
const ARGUMENT_NAMES: Record<string, string> = { DATABASE_URL: '--to', DATABASE_PATH: '--from' };

main().catch((error: unknown) => {
  console.error(
    error instanceof z.ZodError
      ? error.issues
          .map((issue) => {
            const name = String(issue.path[0] ?? '');
            return `${ARGUMENT_NAMES[name] ?? name}: ${issue.message}`;
          })
          .join('\n')
      : error instanceof Error
        ? error.message
        : error,
  );
  process.exit(1);
});
