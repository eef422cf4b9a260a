import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import type { DialectName } from '../../src/db/dialect.js';
import { openPostgres } from '../../src/db/postgres/connection.js';

/**
 * The dialect this test project runs on (vitest.config.ts): the integration tests run once per dialect,
 * each opening its databases with openTestDatabase() and never naming the dialect otherwise.
 */
export const TEST_DIALECT: DialectName =
  process.env.STEPWISE_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** SQLite: the file. PostgreSQL: the schema that holds this test's tables. */
  location: string;
  close(): Promise<void>;
}

let schemas = 0;
let workerDatabase: Promise<string> | undefined;

/**
 * This worker's own database inside the run (created on first use, dropped with the run's by
 * tests/support/postgres-setup.ts). Test files run two at a time: with one shared database, Kysely's
 * introspection (every migration runs it) reads every schema's tables and fails with "schema … does not
 * exist" when another file drops its schema at that moment. Files in one worker run one after another.
 */
export function postgresWorkerUrl(): Promise<string> {
  workerDatabase ??= (async () => {
    const run = new URL(inject('postgresRunUrl'));
    const name = `${run.pathname.slice(1)}_w${process.pid}`;
    const admin = new pg.Client({ connectionString: run.toString() });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    run.pathname = `/${name}`;
    return run.toString();
  })();
  return workerDatabase;
}

/**
 * An empty, unmigrated database of this project's dialect. SQLite: a file in a new temporary folder.
 * PostgreSQL: a new schema in this run's database (tests/support/postgres-setup.ts), dropped on close,
 * so tests running in parallel never meet.
 */
export async function openTestDatabase(dialect: DialectName = TEST_DIALECT): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-db-'));
    const file = path.join(dir, 'test.sqlite');
    const handle = openDatabase(file);
    return {
      handle,
      location: file,
      async close() {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `test_${process.pid}_${++schemas}`;
  const handle = openPostgres({
    url: await postgresWorkerUrl(),
    poolSize: 4,
    statementTimeoutMs: 20_000,
    ssl: 'disable',
    schema,
  });
  await sql`create schema ${sql.id(schema)}`.execute(handle.db);
  return {
    handle,
    location: schema,
    async close() {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db);
      await handle.close();
    },
  };
}

/** This test's tables with their columns (PostgreSQL lists every schema's: keep only ours). */
export async function ownTables(test: TestDatabase) {
  const tables = await test.handle.db.introspection.getTables();
  return test.handle.dialect === 'postgres'
    ? tables.filter((table) => table.schema === test.location)
    : tables;
}

/**
 * A DATABASE_URL for the bot under test: a schema of this worker's database named after the test's data
 * folder, so a restart on the same folder finds its data (the run's database is dropped at the end).
 */
export async function postgresUrlFor(dataDir: string): Promise<string> {
  const schema = `e2e_${path.basename(dataDir).replace(/[^a-zA-Z0-9]/g, '_')}`.toLowerCase();
  const url = new URL(await postgresWorkerUrl());
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${schema}"`);
  } finally {
    await client.end();
  }
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
