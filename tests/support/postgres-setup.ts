import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { TEST_SERVER_URL } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's own PostgreSQL database (postgres project only). */
    postgresRunUrl: string;
  }
}

function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/**
 * Global setup of the `postgres` test project (vitest.config.ts): creates one database for this run, and
 * drops it at the end with the databases its workers made beside it (`<run>_w<pid>`, in which each test
 * makes its own schema: tests/support/databases.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const name = `stepwise_test_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await dropAbandoned(admin);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  project.provide('postgresRunUrl', withDatabase(TEST_SERVER_URL, name));
  return async () => {
    const cleanup = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 5_000 });
    await cleanup.connect();
    try {
      const { rows } = await cleanup.query<{ datname: string }>(
        `select datname from pg_database where datname = $1 or datname like $2`,
        [name, `${name}\\_w%`],
      );
      for (const { datname } of rows) await cleanup.query(`drop database if exists ${datname} with (force)`);
    } finally {
      await cleanup.end();
    }
  };
}

/** No run lasts hours: a database that old was left by a run that was killed before its teardown. */
const ABANDONED_AFTER_MS = 6 * 3_600_000;

async function dropAbandoned(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    `select datname from pg_database where datname like 'stepwise\\_test\\_%'`,
  );
  for (const { datname } of rows) {
    const startedAt = parseInt(/^stepwise_test_([0-9a-z]+)_\d+(_w\d+)?$/.exec(datname)?.[1] ?? '', 36);
    if (Number.isFinite(startedAt) && Date.now() - startedAt > ABANDONED_AFTER_MS)
      await admin.query(`drop database if exists ${datname} with (force)`);
  }
}
