import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { findGuild, recordGuildJoined, recordGuildLeft } from '../../src/db/repositories/guilds.js';

let dir: string;
let handle: DatabaseHandle;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-db-'));
  handle = openDatabase(path.join(dir, 'nested', 'stepwise.sqlite'));
});

afterEach(async () => {
  await handle.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('database', () => {
  it('creates the file and its folder, with WAL, foreign keys and a busy timeout', () => {
    expect(fs.existsSync(path.join(dir, 'nested', 'stepwise.sqlite'))).toBe(true);
    expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(handle.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('migrates an empty file to the latest version, and a second run applies nothing', async () => {
    const first = await migrateToLatest(handle.db);
    expect(first.map((r) => r.migrationName)).toEqual(Object.keys(migrations).sort());
    expect(first.every((r) => r.status === 'Success')).toBe(true);
    const second = await migrateToLatest(handle.db);
    expect(second).toEqual([]);
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
      handle.db,
    );
    expect(tables.rows.map((row) => row.name)).toContain('guild');
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(handle.db);
    expect(check.rows[0]?.integrity_check).toBe('ok');
  });

  it('stops with the failing migration named when the schema is not what a migration expects', async () => {
    // A table that already exists makes the first migration fail, as a broken file would.
    await sql`create table guild (x integer)`.execute(handle.db);
    await expect(migrateToLatest(handle.db)).rejects.toThrow(/2026_11_21_0001_guilds.*already exists/);
  });

  it('records a server leaving and coming back', async () => {
    await migrateToLatest(handle.db);
    await recordGuildJoined(handle.db, '111111111111111111', new Date(1000));
    await recordGuildLeft(handle.db, '111111111111111111', new Date(5000));
    expect(await findGuild(handle.db, '111111111111111111')).toEqual({
      guild_id: '111111111111111111',
      joined_at: 1000,
      left_at: 5000,
    });
    await recordGuildJoined(handle.db, '111111111111111111', new Date(9000));
    expect((await findGuild(handle.db, '111111111111111111'))?.left_at).toBeNull();
    expect((await findGuild(handle.db, '111111111111111111'))?.joined_at).toBe(1000);
  });
});
