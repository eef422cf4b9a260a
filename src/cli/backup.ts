import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { z } from 'zod';
import { ConfigSchema, loadDotEnv } from '../config.js';
import { restrictMode } from '../db/connection.js';

/**
 * `npm run backup -- <file>`: an online backup through SQLite's backup API, safe while the bot runs
 * (WAL mode lets it read a consistent copy without stopping writers).
 */
async function main(): Promise<void> {
  loadDotEnv();
  const target = process.argv[2];
  if (!target) throw new Error('Usage: npm run backup -- <backup-file.sqlite>');
  const { DATABASE_PATH, DATABASE_URL } = ConfigSchema.pick({
    DATABASE_PATH: true,
    DATABASE_URL: true,
  }).parse(process.env);
  // PostgreSQL has its own tools for this; a copy of the SQLite file would not be the live data.
  if (DATABASE_URL !== undefined)
    throw new Error(
      'DATABASE_URL is set: the data is in PostgreSQL, which this SQLite backup does not cover. Use pg_dump (README, "Scaling out").',
    );
  if (!fs.existsSync(DATABASE_PATH)) throw new Error(`No database at ${DATABASE_PATH} (set DATABASE_PATH).`);
  if (fs.existsSync(target)) throw new Error(`${target} already exists; choose a new file name.`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true, mode: 0o700 });
  // Created here, owner-only, before SQLite writes into it: a backup holds the same private data.
  fs.closeSync(fs.openSync(target, 'wx', 0o600));
  const source = new SQLite(DATABASE_PATH, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  restrictMode(target, 0o600);
  const check = new SQLite(target, { readonly: true });
  const integrity = check.pragma('integrity_check', { simple: true });
  check.close();
  if (integrity !== 'ok') throw new Error(`The backup failed its integrity check: ${String(integrity)}`);
  console.log(`Backed up ${DATABASE_PATH} to ${target} (${fs.statSync(target).size} bytes, integrity ok).`);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
