import fs from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.js';

export interface PostgresOptions {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  ssl: 'disable' | 'require' | 'verify-full';
  /** PEM file of the CA that signed the server's certificate (verify-full only). */
  sslCaFile?: string | undefined;
  /** Schema for unqualified names; tests give each test its own. Defaults to the server's search_path. */
  schema?: string;
  /** Told when an idle connection breaks (server restart, failover); the pool replaces it. */
  onIdleError?: (error: Error) => void;
}

export interface PostgresHandle {
  dialect: 'postgres';
  db: Kysely<Database>;
  pool: pg.Pool;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Our columns are 64-bit (bigint) because epoch milliseconds do not fit int4, and pg returns int8 as a
 * string so as never to round. Every value we store (times, ids, counts) is far below 2^53, so numbers
 * are safe; a value beyond that fails its query loudly instead of silently losing digits.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new RangeError(`A 64-bit value from PostgreSQL (${text}) is beyond JavaScript's safe integers`);
  return value;
}

/** sum() and avg() return numeric; SQLite returns a number, so do the same (finite or it fails). */
export function parseNumeric(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value))
    throw new RangeError(`A numeric value from PostgreSQL (${text}) is not finite`);
  return value;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8_OID) return parseInt8;
    if (format !== 'binary' && oid === NUMERIC_OID) return parseNumeric;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

function tlsOptions(options: PostgresOptions): pg.PoolConfig['ssl'] {
  switch (options.ssl) {
    case 'disable':
      return false;
    // Encrypted but the certificate is not checked, as libpq's sslmode=require.
    case 'require':
      return { rejectUnauthorized: false };
    // Certificate chain and host name checked (Node's defaults), optionally against our own CA.
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        ...(options.sslCaFile ? { ca: fs.readFileSync(options.sslCaFile, 'utf8') } : {}),
      };
  }
}

/** A pool of connections to PostgreSQL behind Kysely; connects lazily, on the first query. */
export function openPostgres(options: PostgresOptions): PostgresHandle {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    ssl: tlsOptions(options),
    types,
    application_name: 'stepwise',
    // Both enforced by the server, per statement and per forgotten transaction.
    statement_timeout: options.statementTimeoutMs,
    idle_in_transaction_session_timeout: Math.max(options.statementTimeoutMs * 2, 60_000),
    connectionTimeoutMillis: 10_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection the server closes (restart, failover) must not crash the process; the pool
  // drops it and opens another on the next query.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    dialect: 'postgres',
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      // Kysely's destroy ends the pool too.
      await db.destroy();
    },
  };
}
