import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createRound } from '../../src/db/repositories/interviews.js';
import {
  GUILD_TABLES,
  MEMBER_COLUMNS,
  MEMBER_TABLES,
  purgeGuildData,
} from '../../src/db/repositories/member-data.js';
import { applyStepAction } from '../../src/db/repositories/progress.js';
import { openTestDatabase, ownTables, TEST_DIALECT, type TestDatabase } from '../support/databases.js';

let dir: string;
let test: TestDatabase;
let handle: DatabaseHandle;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-data-'));
  test = await openTestDatabase();
  handle = test.handle;
  await migrateToLatest(handle.db);
});
afterEach(async () => {
  await test.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('what the privacy and retention code covers', () => {
  it('every table with member rows is exported and deleted; every server table is purged', async () => {
    // Kysely reads either engine's catalogue (its own migration tables left out).
    const tables = await ownTables(test);
    const withUser: string[] = [];
    const withGuild: string[] = [];
    for (const { name, columns: columnInfo } of tables) {
      const columns = columnInfo.map((c) => c.name);
      const userColumns = columns.filter(
        (c) =>
          c === 'user_id' ||
          (c.endsWith('_id') && /giver|candidate|interviewer|member|partner|author/.test(c)),
      );
      if (userColumns.length) withUser.push(name);
      if (userColumns.length)
        expect(MEMBER_COLUMNS[name as keyof typeof MEMBER_COLUMNS], name).toEqual(userColumns);
      if (columns.includes('guild_id')) withGuild.push(name);
    }
    expect(withUser.sort()).toEqual([...MEMBER_TABLES].sort());
    expect(withGuild.sort()).toEqual([...MEMBER_TABLES, ...GUILD_TABLES].sort());
  });
});

describe('purging a server', () => {
  it('deletes every row of a server that has had an interview round, and only that server', async () => {
    const guild = '111111111111111111';
    const other = '999999999999999999';
    for (const guildId of [guild, other]) {
      await applyStepAction(handle.db, { guildId, userId: '222222222222222222' }, 'git', 'done', new Date(5));
      await createRound(
        handle.db,
        {
          round: {
            guild_id: guildId,
            round_key: '2026-11-16',
            channel_id: '300000000000000000',
            seed: 1,
            opens_at: 0,
            follow_up_at: 50,
            closes_at: 100,
            created_at: 0,
            sat_out_user_id: null,
            skipped_count: 0,
          },
          groups: [
            [
              { userId: '222222222222222222', questionIds: ['teamwork-01'] },
              { userId: '333333333333333333', questionIds: ['conflict-01'] },
            ],
          ],
          skipped: [],
        },
        new Date(0),
      );
    }
    expect(await purgeGuildData(handle.db, guild)).toBeGreaterThan(4);
    for (const table of [...MEMBER_TABLES, ...GUILD_TABLES]) {
      const rows = await sql<{
        n: number;
      }>`select count(*) as n from ${sql.table(table)} where guild_id = ${guild}`.execute(handle.db);
      expect(rows.rows[0]?.n, table).toBe(0);
    }
    const kept = await sql<{
      n: number;
    }>`select count(*) as n from interview_group where guild_id = ${other}`.execute(handle.db);
    expect(kept.rows[0]?.n).toBe(1);
  });
});

describe.runIf(TEST_DIALECT === 'sqlite')('npm run backup', () => {
  it('makes an online copy that passes an integrity check, and refuses to overwrite a file', async () => {
    await applyStepAction(
      handle.db,
      { guildId: '111111111111111111', userId: '222222222222222222' },
      'git',
      'done',
      new Date(5),
    );
    const target = path.join(dir, 'backups', 'copy.sqlite');
    const root = path.resolve(import.meta.dirname, '..', '..');
    const run = () =>
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', target], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', DATABASE_PATH: test.location },
        encoding: 'utf8',
        stdio: 'pipe',
      });
    expect(run()).toMatch(/integrity ok/);
    // The copy holds the same private data: owner-only, like the database.
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(target)).mode & 0o777).toBe(0o700);
    const copy = new SQLite(target, { readonly: true });
    expect(copy.prepare('select step_id from step_progress').all()).toEqual([{ step_id: 'git' }]);
    copy.close();
    expect(run).toThrow(/already exists/);
  });
});
