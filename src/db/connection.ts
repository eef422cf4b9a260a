import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import type { Database } from './database.js';
import { openPostgres, type PostgresHandle } from './postgres/connection.js';

export interface SqliteHandle {
  dialect: 'sqlite';
  db: Kysely<Database>;
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

/** SQLite by default; PostgreSQL when DATABASE_URL is set. Callers branch on `dialect` where they must. */
export type DatabaseHandle = SqliteHandle | PostgresHandle;

/** The database the configuration names: DATABASE_URL (PostgreSQL) wins over DATABASE_PATH (SQLite). */
export function openConfiguredDatabase(
  config: DatabaseConfig,
  onIdleError?: (error: Error) => void,
): DatabaseHandle {
  if (config.DATABASE_URL === undefined) return openDatabase(config.DATABASE_PATH);
  return openPostgres({
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    ssl: config.DATABASE_SSL,
    sslCaFile: config.DATABASE_SSL_CA,
    onIdleError,
  });
}

/** Where the data lives, for logs and messages: never the URL's password. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.DATABASE_URL === undefined) return `SQLite file ${config.DATABASE_PATH}`;
  const url = new URL(config.DATABASE_URL);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

/** Owner only: members' answers and feedback are in there. Best effort on a folder we do not own. */
export function restrictMode(target: string, mode: number): void {
  try {
    fs.chmodSync(target, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}

/**
 * Creates the database file (and its folder) readable by the bot's user alone: folder 0700, file 0600.
 * SQLite creates the -wal and -shm files with the database file's mode; ones left by an older version
 * are tightened too.
 */
function prepareFile(file: string): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrictMode(dir, 0o700);
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const suffix of ['', '-wal', '-shm'])
    if (fs.existsSync(`${file}${suffix}`)) restrictMode(`${file}${suffix}`, 0o600);
}

/** Opens (and creates) the SQLite file with the settings a long-running bot needs. */
export function openDatabase(file: string): SqliteHandle {
  const inMemory = file === ':memory:';
  if (!inMemory) prepareFile(file);
  const sqlite = new SQLite(file);
  // WAL lets a backup or a reader run while the bot writes; busy_timeout rides out short lock waits.
  if (!inMemory) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  let closed = false;
  return {
    dialect: 'sqlite',
    db,
    sqlite,
    async close() {
      if (closed) return;
      closed = true;
      // Kysely's destroy closes the better-sqlite3 handle too.
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every statement again on each query; the bot runs the same few dozen statements all
 * day, so keep them prepared (measured by bench/: a quarter of the SQL time was prepare()). Bounded,
 * because SQL with variable IN lists differs per call. Not safe with Kysely's stream(), which nothing uses.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= max) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Whether the database answers a trivial query (the health endpoint's check). */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
