import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createRound } from '../../src/db/repositories/interviews/rounds.js';
import { getCheckinConfig, saveCheckinConfig } from '../../src/db/repositories/checkins.js';
import {
  deleteMemberData,
  exportMemberData,
  GUILD_TABLES,
  MEMBER_COLUMNS,
  MEMBER_REFERENCES,
  MEMBER_TABLES,
  NOBODY,
  purgeGuildData,
  REFERENCE_TABLES,
  type MemberTable,
  type ReferenceTable,
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

/**
 * Text columns that never hold a member's id. Every text column of every table must be either here or
 * in the privacy registry (MEMBER_COLUMNS for members' own tables, MEMBER_REFERENCES for server rows
 * that name a member), so a new column is classified on purpose, not guessed from its name: `updated_by`
 * and `sat_out_user_id` escaped a name pattern before.
 */
const NOT_MEMBER_COLUMNS: Record<string, readonly string[]> = {
  guild: ['guild_id'],
  member_profile: ['guild_id', 'track'],
  step_progress: ['guild_id', 'step_id', 'status', 'proof_url'],
  checkin_config: ['guild_id', 'channel_id', 'weekday', 'time', 'timezone', 'delivery'],
  checkin_member: ['guild_id', 'dm_channel_id'],
  checkin_round: ['guild_id', 'round_key', 'channel_id'],
  checkin_delivery: ['guild_id', 'round_key', 'kind', 'state', 'via', 'message_id', 'error'],
  checkin_answer: ['guild_id', 'round_key', 'done', 'next_goal', 'blockers'],
  interview_config: ['guild_id', 'channel_id', 'weekday', 'time', 'timezone', 'cadence', 'anchor_key'],
  interview_member: ['guild_id', 'focus', 'level', 'timezone', 'removed_reason'],
  interview_round: ['guild_id', 'round_key', 'channel_id'],
  interview_group: ['guild_id', 'state', 'thread_id', 'message_id', 'error', 'follow_up_state'],
  interview_group_member: ['guild_id', 'question_ids', 'add_state', 'add_error'],
  interview_pair: ['guild_id'],
  interview_asked_question: ['guild_id', 'question_id'],
  interview_report: ['guild_id', 'outcome'],
  interview_feedback: ['guild_id', 'strength', 'improve', 'delivered_via'],
  member_departure: ['guild_id'],
  // Which bot process holds the lease (host:pid:random): no member in it.
  instance_lease: ['scope', 'owner'],
  // A member's work item names them in user_id (registered); its key and payload repeat that id, and the
  // row goes whole with the member's data. Round-wide items (a summary) name nobody.
  work_item: ['key', 'kind', 'guild_id', 'payload', 'state', 'lease_owner', 'result', 'error'],
};

describe('what the privacy and retention code covers', () => {
  it('every text column is either a member id the registry knows, or listed as not one', async () => {
    const unclassified: string[] = [];
    for (const { name, columns } of await ownTables(test)) {
      const registered: readonly string[] = MEMBER_COLUMNS[name as MemberTable] ?? [
        MEMBER_REFERENCES[name as ReferenceTable]?.column ?? '',
      ];
      const known = new Set([...registered, ...(NOT_MEMBER_COLUMNS[name] ?? [])]);
      for (const column of columns) {
        if (!/text|char/i.test(column.dataType)) continue;
        if (!known.has(column.name)) unclassified.push(`${name}.${column.name}`);
      }
      // Registered columns exist (a typo in the registry would export and delete nothing).
      for (const column of registered.filter(Boolean))
        expect(
          columns.map((c) => c.name),
          `${name}.${column}`,
        ).toContain(column);
    }
    expect(unclassified, 'add each to MEMBER_COLUMNS, MEMBER_REFERENCES or NOT_MEMBER_COLUMNS').toEqual([]);
  });

  it('every table with member rows is exported and deleted; every server table is purged', async () => {
    const tables = await ownTables(test);
    const withGuild = tables.filter((t) => t.columns.some((c) => c.name === 'guild_id')).map((t) => t.name);
    expect(withGuild.sort()).toEqual([...MEMBER_TABLES, ...GUILD_TABLES].sort());
    for (const table of REFERENCE_TABLES) expect(GUILD_TABLES).toContain(table);
  });

  it('exports the server rows that name a member, and deletion clears only the name', async () => {
    const guildId = '111111111111111111';
    const alice = '222222222222222222';
    const bob = '333333333333333333';
    await createRound(
      handle.db,
      {
        round: {
          guildId: guildId,
          key: '2026-11-16',
          channelId: '300000000000000000',
          seed: 1,
          opensAt: 0,
          followUpAt: 50,
          closesAt: 100,
          createdAt: 0,
          satOutUserId: alice,
          skippedCount: 0,
        },
        groups: [],
        skipped: [],
      },
      new Date(0),
    );
    await saveCheckinConfig(handle.db, {
      guild_id: guildId,
      channel_id: '300000000000000000',
      weekday: 'monday',
      time: '09:00',
      timezone: 'UTC',
      reminder_lead_hours: 24,
      delivery: 'dm',
      active_since: 0,
      updated_at: 0,
      updated_by: alice,
    });
    const exported = await exportMemberData(handle.db, guildId, alice);
    expect(exported.interview_round).toMatchObject([{ sat_out_user_id: alice }]);
    expect(exported.checkin_config).toMatchObject([{ updated_by: alice }]);
    expect((await exportMemberData(handle.db, guildId, bob)).checkin_config).toEqual([]);

    const counts = await deleteMemberData(handle.db, guildId, alice);
    expect(counts).toMatchObject({ interview_round: 1, checkin_config: 1 });
    expect(await getCheckinConfig(handle.db, guildId)).toMatchObject({
      updatedBy: NOBODY,
      schedule: { time: '09:00' },
    });
    expect(Object.values(await exportMemberData(handle.db, guildId, alice)).flat()).toEqual([]);
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
            guildId: guildId,
            key: '2026-11-16',
            channelId: '300000000000000000',
            seed: 1,
            opensAt: 0,
            followUpAt: 50,
            closesAt: 100,
            createdAt: 0,
            satOutUserId: null,
            skippedCount: 0,
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
