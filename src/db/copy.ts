import { createHash } from 'node:crypto';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { migrations } from './migrations/index.js';
import { migrateToLatest } from './migrate.js';
import type { PostgresHandle } from './postgres/connection.js';

/** A refusal or a failed check: nothing was written to the target (or all of it was rolled back). */
export class CopyError extends Error {
  override name = 'CopyError';
}

export interface TableCopy {
  table: string;
  rows: number;
  /** SHA-256 of the table's rows, identical on both sides (first 16 hex digits). */
  checksum: string;
}

/** Rows are read in slices so a large table never sits in memory twice; PostgreSQL binds at most 65,535. */
const MAX_PARAMETERS = 30_000;

/**
 * Copies every row of a SQLite database (read only, never changed) into an empty PostgreSQL database:
 * the target is migrated first, then filled in ONE transaction; row counts and a checksum per table are
 * compared inside that transaction, so a mismatch rolls everything back. Refuses a source that is not
 * fully migrated (an older file: run `npm run migrate` on it first) and a target that holds any row.
 */
export async function copySqliteToPostgres(sourceFile: string, target: PostgresHandle): Promise<TableCopy[]> {
  if (!fs.existsSync(sourceFile)) throw new CopyError(`No SQLite database at ${sourceFile}.`);
  const source = new SQLite(sourceFile, { readonly: true, fileMustExist: true });
  try {
    // One read transaction: a consistent snapshot even if the bot were still writing (WAL).
    source.exec('begin');
    const tables = sourceTables(source);
    checkSourceMigrated(source, sourceFile);

    await migrateToLatest(target.db);
    const client = await target.pool.connect();
    try {
      await checkTargetMatches(client, tables);
      await client.query('begin');
      try {
        const copied: TableCopy[] = [];
        for (const table of tables) copied.push(await copyTable(source, client, table));
        await resetIdentities(client);
        await client.query('commit');
        return copied;
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    } finally {
      client.release();
    }
  } finally {
    if (source.inTransaction) source.exec('commit');
    source.close();
  }
}

interface SourceTable {
  name: string;
  columns: string[];
}

/** Our tables, parents before children (foreign keys), with their columns. */
function sourceTables(source: SQLite.Database): SourceTable[] {
  const names = source
    .prepare<[], { name: string }>(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\' order by name`,
    )
    .all()
    .map((row) => row.name);
  const parents = new Map(
    names.map((name) => [
      name,
      source
        .prepare<[string], { table: string }>('select "table" from pragma_foreign_key_list(?)')
        .all(name)
        .map((row) => row.table)
        .filter((parent) => parent !== name),
    ]),
  );
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name)) return;
    if (path.includes(name))
      throw new CopyError(`Foreign keys form a cycle: ${[...path, name].join(' -> ')}`);
    for (const parent of parents.get(name) ?? []) visit(parent, [...path, name]);
    ordered.push(name);
  };
  for (const name of names) visit(name, []);
  return ordered.map((name) => ({
    name,
    columns: source
      .prepare<[string], { name: string }>('select name from pragma_table_info(?) order by cid')
      .all(name)
      .map((row) => row.name),
  }));
}

function checkSourceMigrated(source: SQLite.Database, file: string): void {
  const hasTable = source
    .prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`)
    .get();
  const applied = new Set(
    hasTable
      ? source
          .prepare<[], { name: string }>('select name from kysely_migration')
          .all()
          .map((row) => row.name)
      : [],
  );
  const missing = Object.keys(migrations).filter((name) => !applied.has(name));
  if (missing.length > 0)
    throw new CopyError(
      `${file} is not at the latest schema (missing ${missing.join(', ')}). Bring it up to date first: DATABASE_PATH=${file} npm run migrate`,
    );
  const unknown = [...applied].filter((name) => !(name in migrations));
  if (unknown.length > 0)
    throw new CopyError(
      `${file} was written by a newer Stepwise (migrations ${unknown.join(', ')}); copy it with that version.`,
    );
}

async function checkTargetMatches(client: pg.PoolClient, tables: SourceTable[]): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns
     where table_schema = current_schema() and table_name not like 'kysely\\_%'`,
  );
  const targetColumns = new Map<string, Set<string>>();
  for (const row of rows) {
    const columns = targetColumns.get(row.table_name) ?? new Set<string>();
    columns.add(row.column_name);
    targetColumns.set(row.table_name, columns);
  }
  for (const table of tables) {
    const columns = targetColumns.get(table.name);
    const missing = table.columns.filter((column) => !columns?.has(column));
    if (missing.length > 0)
      throw new CopyError(`The target has no ${table.name}(${missing.join(', ')}): schemas differ.`);
  }
  const nonEmpty: string[] = [];
  for (const table of targetColumns.keys()) {
    const { rows: counted } = await client.query<{ n: string }>(
      `select count(*)::text as n from ${quote(table)}`,
    );
    const count = Number(counted[0]?.n ?? 0);
    if (count > 0) nonEmpty.push(`${table}: ${count} rows`);
  }
  if (nonEmpty.length > 0)
    throw new CopyError(
      `The target database is not empty (${nonEmpty.sort().join(', ')}). db:copy only fills an empty database, so nothing was copied: create a new one (createdb) and point --to at it.`,
    );
}

async function copyTable(
  source: SQLite.Database,
  client: pg.PoolClient,
  table: SourceTable,
): Promise<TableCopy> {
  const columns = table.columns.map(quote).join(', ');
  const perBatch = Math.max(1, Math.floor(MAX_PARAMETERS / table.columns.length));
  // safeIntegers: 64-bit integers arrive as BigInt, exact whatever their size.
  const read = source
    .prepare(`select ${columns} from ${quote(table.name)}`)
    .raw(true)
    .safeIntegers(true);
  const sourceRows: string[] = [];
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const placeholders = row.map((value) => {
        values.push(value);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await client.query(`insert into ${quote(table.name)} (${columns}) values ${tuples.join(', ')}`, values);
    batch = [];
  };
  for (const row of read.iterate() as IterableIterator<unknown[]>) {
    sourceRows.push(canonicalRow(row));
    batch.push(row);
    if (batch.length >= perBatch) await flush();
  }
  await flush();

  // Read back what PostgreSQL now holds, every value as PostgreSQL's own text, and compare.
  const { rows: targetRows } = await client.query<unknown[]>({
    text: `select ${columns} from ${quote(table.name)}`,
    rowMode: 'array',
    types: { getTypeParser: () => (text: string) => text },
  });
  const sourceSum = checksum(sourceRows);
  const targetSum = checksum(targetRows.map(canonicalRow));
  if (targetRows.length !== sourceRows.length || targetSum !== sourceSum)
    throw new CopyError(
      `${table.name} does not match after the copy (source ${sourceRows.length} rows, checksum ${sourceSum}; target ${targetRows.length} rows, checksum ${targetSum}); everything was rolled back.`,
    );
  return { table: table.name, rows: sourceRows.length, checksum: sourceSum };
}

/** Identity columns continue after the highest copied id, as SQLite's autoincrement would. */
async function resetIdentities(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns
     where table_schema = current_schema() and is_identity = 'YES'`,
  );
  for (const { table_name: table, column_name: column } of rows)
    await client.query(
      `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(column)}) from ${quote(table)}), 0) + 1, false)`,
      [quote(table), column],
    );
}

/** One row as text both engines agree on: integers in decimal, bytes as \x hex, text as is. */
function canonicalRow(row: unknown[]): string {
  return JSON.stringify(
    row.map((value) => {
      if (value === null || value === undefined) return null;
      if (typeof value === 'bigint' || typeof value === 'number') return String(value);
      if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
      return String(value);
    }),
  );
}

/** Order-independent: the rows' canonical texts sorted, then hashed. */
function checksum(rows: string[]): string {
  const hash = createHash('sha256');
  for (const row of [...rows].sort()) hash.update(row).update('\n');
  return hash.digest('hex').slice(0, 16);
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
