import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteHandle } from '../../src/db/connection.js';
import { dialectOf } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { findGuild, recordGuildJoined, recordGuildLeft } from '../../src/db/repositories/guilds.js';
import { openTestDatabase, ownTables, TEST_DIALECT, type TestDatabase } from '../support/databases.js';

describe.runIf(TEST_DIALECT === 'sqlite')('the SQLite file', () => {
  let dir: string;
  let handle: SqliteHandle;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-db-'));
    handle = openDatabase(path.join(dir, 'nested', 'stepwise.sqlite'));
  });
  afterEach(async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the file and its folder, with WAL, foreign keys and a busy timeout', () => {
    expect(fs.existsSync(path.join(dir, 'nested', 'stepwise.sqlite'))).toBe(true);
    expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(handle.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('keeps the folder, the file, its WAL and shared-memory files to the bot user alone', async () => {
    await migrateToLatest(handle.db);
    const file = path.join(dir, 'nested', 'stepwise.sqlite');
    const mode = (target: string) => fs.statSync(target).mode & 0o777;
    expect(mode(path.join(dir, 'nested'))).toBe(0o700);
    for (const target of [file, `${file}-wal`, `${file}-shm`]) expect(mode(target), target).toBe(0o600);
  });

  it('tightens a file and folder an older version left readable by others', async () => {
    await handle.close();
    const file = path.join(dir, 'nested', 'stepwise.sqlite');
    fs.chmodSync(file, 0o644);
    fs.chmodSync(path.join(dir, 'nested'), 0o755);
    handle = openDatabase(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'nested')).mode & 0o777).toBe(0o700);
  });

  it('passes its integrity check once migrated', async () => {
    await migrateToLatest(handle.db);
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(handle.db);
    expect(check.rows[0]?.integrity_check).toBe('ok');
  });
});

describe(`database on ${TEST_DIALECT}`, () => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await openTestDatabase();
  });
  afterEach(async () => {
    await test.close();
  });

  it('knows its own dialect', () => {
    expect(dialectOf(test.handle.db)).toBe(TEST_DIALECT);
    expect(test.handle.dialect).toBe(TEST_DIALECT);
  });

  it('migrates an empty database to the latest version, and a second run applies nothing', async () => {
    const first = await migrateToLatest(test.handle.db);
    expect(first.map((r) => r.migrationName)).toEqual(Object.keys(migrations).sort());
    expect(first.every((r) => r.status === 'Success')).toBe(true);
    const second = await migrateToLatest(test.handle.db);
    expect(second).toEqual([]);
    const tables = await ownTables(test);
    expect(tables.map((table) => table.name)).toContain('guild');
  });

  it('stops with the failing migration named when the schema is not what a migration expects', async () => {
    // A table that already exists makes the first migration fail, as a broken file would.
    await sql`create table guild (x integer)`.execute(test.handle.db);
    await expect(migrateToLatest(test.handle.db)).rejects.toThrow(/2026_11_21_0001_guilds.*already exists/);
  });

  it('records a server leaving and coming back', async () => {
    await migrateToLatest(test.handle.db);
    await recordGuildJoined(test.handle.db, '111111111111111111', new Date(1000));
    await recordGuildLeft(test.handle.db, '111111111111111111', new Date(5000));
    expect(await findGuild(test.handle.db, '111111111111111111')).toEqual({
      guild_id: '111111111111111111',
      joined_at: 1000,
      left_at: 5000,
    });
    await recordGuildJoined(test.handle.db, '111111111111111111', new Date(9000));
    expect((await findGuild(test.handle.db, '111111111111111111'))?.left_at).toBeNull();
    expect((await findGuild(test.handle.db, '111111111111111111'))?.joined_at).toBe(1000);
  });

  it('keeps epoch-millisecond times exactly, as numbers (beyond 32 bits)', async () => {
    await migrateToLatest(test.handle.db);
    const at = Date.UTC(2126, 0, 1, 0, 0, 0, 123); // 4.9e12: needs 64 bits
    await recordGuildJoined(test.handle.db, '222222222222222222', new Date(at));
    const row = await findGuild(test.handle.db, '222222222222222222');
    expect(row?.joined_at).toBe(4_922_899_200_123);
    expect(typeof row?.joined_at).toBe('number');
  });

  it('sorts text byte by byte (upper case before lower case), as SQLite does', async () => {
    await migrateToLatest(test.handle.db);
    for (const id of ['b', 'B', 'a', 'A', '_']) await recordGuildJoined(test.handle.db, id, new Date(1000));
    const rows = await test.handle.db.selectFrom('guild').select('guild_id').orderBy('guild_id').execute();
    expect(rows.map((row) => row.guild_id)).toEqual(['A', 'B', '_', 'a', 'b']);
  });

  it('counts as numbers', async () => {
    await migrateToLatest(test.handle.db);
    await recordGuildJoined(test.handle.db, '333333333333333333', new Date(1000));
    const row = await test.handle.db
      .selectFrom('guild')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('joined_at').as('total')])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ n: 1, total: 1000 });
  });
});

describe.runIf(TEST_DIALECT === 'postgres')('PostgreSQL types', () => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await openTestDatabase();
    await migrateToLatest(test.handle.db);
  });
  afterEach(async () => {
    await test.close();
  });

  it('gives SQLite integers 64 bits, ids an identity and text the C collation', async () => {
    const columns = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_identity: string;
      collation_name: string | null;
    }>`select table_name, column_name, data_type, is_identity, collation_name from information_schema.columns
       where table_schema = current_schema() and table_name not like 'kysely%'`.execute(test.handle.db);
    const byName = new Map(columns.rows.map((c) => [`${c.table_name}.${c.column_name}`, c]));
    expect(byName.get('guild.joined_at')?.data_type).toBe('bigint');
    expect(byName.get('interview_round.id')).toMatchObject({ data_type: 'bigint', is_identity: 'YES' });
    expect(byName.get('guild.guild_id')).toMatchObject({ data_type: 'text', collation_name: 'C' });
    // Nothing is left as int4 to overflow, nor as a float of another size.
    expect(columns.rows.filter((c) => c.data_type === 'integer' || c.data_type === 'real')).toEqual([]);
  });

  it('refuses a 64-bit value JavaScript cannot hold exactly instead of rounding it', async () => {
    await expect(sql`select 9007199254740993::bigint as n`.execute(test.handle.db)).rejects.toThrow(
      /beyond JavaScript's safe integers/,
    );
    const safe = await sql<{ n: number }>`select 9007199254740991::bigint as n`.execute(test.handle.db);
    expect(safe.rows[0]?.n).toBe(Number.MAX_SAFE_INTEGER);
  });
});
