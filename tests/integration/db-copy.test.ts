import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteHandle } from '../../src/db/connection.js';
import type { Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { saveAnswer } from '../../src/db/repositories/checkin-answers.js';
import {
  ensureRound,
  markRoundPhase,
  planDeliveries,
  updateDelivery,
} from '../../src/db/repositories/checkin-rounds.js';
import { joinCheckins, saveCheckinConfig, updateCheckinMember } from '../../src/db/repositories/checkins.js';
import { recordDeparture } from '../../src/db/repositories/departures.js';
import { recordGuildJoined, recordGuildLeft } from '../../src/db/repositories/guilds.js';
import { enqueueWork } from '../../src/db/repositories/work-items.js';
import { acquireLease } from '../../src/db/repositories/instance-lease.js';
import { saveInterviewConfig } from '../../src/db/repositories/interviews/config.js';
import { saveFeedback } from '../../src/db/repositories/interviews/feedback.js';
import { listGroups, updateGroup, updateGroupMember } from '../../src/db/repositories/interviews/groups.js';
import { saveInterviewMember } from '../../src/db/repositories/interviews/members.js';
import { saveReport } from '../../src/db/repositories/interviews/reports.js';
import { createRound, markRound } from '../../src/db/repositories/interviews/rounds.js';
import { applyStepAction, updateProfile } from '../../src/db/repositories/progress.js';
import {
  openTestDatabase,
  ownTables,
  postgresWorkerUrl,
  TEST_DIALECT,
  type TestDatabase,
} from '../support/databases.js';

const GUILD = '111111111111111111';
const OTHER_GUILD = '999999999999999999';
const [ALICE, BOB, CAROL] = ['200000000000000001', '200000000000000002', '200000000000000003'];
const CHANNEL = '300000000000000000';
// Times past 2^31 ms (and one past 2^32 s) so a 32-bit column anywhere would show.
const T = Date.UTC(2026, 10, 16, 12);

/** A community's database as the bot writes it: every table gets rows through the real repositories. */
async function seed(db: Kysely<Database>): Promise<void> {
  await recordGuildJoined(db, GUILD, new Date(T));
  // The instance lease is runtime state, long expired by the time a copy starts a bot; copied like the rest.
  await acquireLease(db, { scope: 'bot', owner: 'old-host:7:abcd', now: T, ttlMs: 15_000 });
  // Work in progress is copied too: the new instance carries it on.
  await enqueueWork(
    db,
    [
      {
        key: `checkin.prompt:${GUILD}:2026-11-16:${BOB}`,
        kind: 'checkin.prompt',
        guildId: GUILD,
        userId: BOB,
        payload: { guildId: GUILD, roundKey: '2026-11-16', userId: BOB, kind: 'prompt' },
      },
    ],
    T,
  );
  await recordGuildLeft(db, OTHER_GUILD, new Date(T + 1));
  await updateProfile(
    db,
    { guildId: GUILD, userId: ALICE },
    { track: 'node', shareProgress: true },
    new Date(T),
  );
  await applyStepAction(
    db,
    { guildId: GUILD, userId: ALICE },
    'git',
    'done',
    new Date(T),
    'https://github.com/a/b',
  );
  await applyStepAction(db, { guildId: GUILD, userId: BOB }, 'git', 'in_progress', new Date(T + 5));
  await saveCheckinConfig(db, {
    guild_id: GUILD,
    channel_id: CHANNEL,
    weekday: 'monday',
    time: '09:00',
    timezone: 'Europe/Paris',
    reminder_lead_hours: 24,
    delivery: 'dm',
    active_since: T,
    updated_at: T,
    updated_by: ALICE,
  });
  for (const user of [ALICE, BOB, CAROL]) await joinCheckins(db, GUILD, user, new Date(T));
  await updateCheckinMember(db, GUILD, CAROL, { dm_closed: 1, dm_channel_id: '400000000000000001' });
  await ensureRound(db, {
    guildId: GUILD,
    window: {
      key: '2026-11-16',
      opensAt: new Date(T),
      remindAt: new Date(T + 3_600_000),
      closesAt: new Date(T + 7_200_000),
    },
    channelId: CHANNEL,
  });
  await markRoundPhase(db, GUILD, '2026-11-16', 'open', new Date(T));
  await planDeliveries(
    db,
    GUILD,
    '2026-11-16',
    'prompt',
    [
      { userId: ALICE, state: 'pending' },
      { userId: BOB, state: 'pending' },
      { userId: CAROL, state: 'skipped' },
    ],
    new Date(T),
  );
  await updateDelivery(
    db,
    { guildId: GUILD, roundKey: '2026-11-16', userId: ALICE, kind: 'prompt' },
    { state: 'sent', via: 'dm', messageId: '500000000000000001' },
    new Date(T + 1),
  );
  await saveAnswer(
    db,
    { guildId: GUILD, roundKey: '2026-11-16', userId: ALICE },
    // Text that a lossy copy would mangle: quotes, a newline, a backslash, emoji and a NUL-free non-BMP char.
    {
      done: 'Shipped "v2"\nand a \\ fix 🎉 𝔘',
      nextGoal: 'Apply to 3 jobs',
      blockers: null,
      applications: 3,
      interviews: 0,
    },
    new Date(T + 2),
  );
  await saveInterviewConfig(db, {
    guildId: GUILD,
    channelId: CHANNEL,
    weekday: 'wednesday',
    time: '18:00',
    timezone: 'America/New_York',
    cadence: 'biweekly',
    anchorKey: '2026-11-18',
    activeSince: T,
    updatedAt: T,
    updatedBy: ALICE,
  });
  for (const user of [ALICE, BOB, CAROL])
    await saveInterviewMember(db, {
      guildId: GUILD,
      userId: user,
      focus: user === ALICE ? 'system design' : null,
      level: 'beginner',
      timezone: null,
      active: true,
      joinedAt: T,
      leftAt: null,
      removedReason: null,
      skipNext: false,
    });
  const { round } = await createRound(
    db,
    {
      round: {
        guildId: GUILD,
        key: '2026-11-18',
        channelId: CHANNEL,
        seed: 2_147_483_649,
        opensAt: T,
        followUpAt: T + 1000,
        closesAt: T + 2000,
        createdAt: T,
        satOutUserId: null,
        skippedCount: 0,
      },
      groups: [
        [
          { userId: ALICE, questionIds: ['teamwork-01'] },
          { userId: BOB, questionIds: ['conflict-01'] },
          { userId: CAROL, questionIds: ['failure-01'] },
        ],
      ],
      skipped: [],
    },
    new Date(T),
  );
  await markRound(db, round.id, 'pairedAt', new Date(T));
  const [group] = await listGroups(db, round.id);
  await updateGroup(db, group!.id, { state: 'posted', threadId: '600000000000000001' }, new Date(T));
  await updateGroupMember(db, group!.id, ALICE, { addState: 'added' });
  await saveReport(db, { guildId: GUILD, groupId: group!.id }, ALICE, 'met', new Date(T + 10));
  await saveFeedback(
    db,
    { groupId: group!.id, roundId: round.id, guildId: GUILD, giverId: BOB, candidateId: ALICE },
    {
      situation: 4,
      task: 3,
      action: 5,
      result: 4,
      strength: 'Clear STAR',
      improve: "Say what 'result' meant",
    },
    new Date(T + 20),
  );
  await recordDeparture(db, GUILD, CAROL, new Date(T + 30));
}

/** Every row of every table, as plain values sorted by their JSON: compared without the copy's own code. */
async function contents(db: Kysely<Database>, tables: readonly string[]) {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out[table] = rows.rows
      .map((row) =>
        JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)))),
      )
      .sort();
  }
  return out;
}

const fileHash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe.runIf(TEST_DIALECT === 'postgres')('npm run db:copy (SQLite to PostgreSQL)', () => {
  let dir: string;
  let source: SqliteHandle;
  let sourceFile: string;
  let target: TestDatabase;
  let targetUrl: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-copy-'));
    sourceFile = path.join(dir, 'community.sqlite');
    source = openDatabase(sourceFile);
    await migrateToLatest(source.db);
    target = await openTestDatabase('postgres');
    // The CLI takes a plain URL: the test's schema rides along as a connection option.
    const url = new URL(await postgresWorkerUrl());
    url.searchParams.set('options', `-c search_path=${target.location}`);
    targetUrl = url.toString();
  });
  afterEach(async () => {
    await source.close();
    await target.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const root = path.resolve(import.meta.dirname, '..', '..');
  const copy = (...args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/db-copy.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      stdio: 'pipe',
    });
  const failure = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      return String((error as { stderr?: string }).stderr ?? error);
    }
    throw new Error('expected the command to fail');
  };

  it('copies every row of a seeded community without loss, then refuses to copy into it again', async () => {
    await seed(source.db);
    const tables = (await source.db.introspection.getTables()).map((t) => t.name).sort();
    // The seed reaches every table, so a table the copy forgot would show as missing rows.
    const before = await contents(source.db, tables);
    expect(
      Object.entries(before)
        .filter(([, rows]) => rows.length === 0)
        .map(([table]) => table),
    ).toEqual([]);
    await source.close();
    const sourceHashBefore = fileHash(sourceFile);

    const output = copy('--from', sourceFile, '--to', targetUrl);
    expect(output).toMatch(/^interview_feedback +1 rows +checksum [0-9a-f]{16} +ok$/m);
    expect(output).toMatch(/counts and checksums match/);

    expect((await ownTables(target)).map((t) => t.name).sort()).toEqual(tables);
    expect(await contents(target.handle.db, tables)).toEqual(before);
    // The source was only read.
    expect(fileHash(sourceFile)).toBe(sourceHashBefore);

    // Ids continue after the copied ones, as they would have in SQLite.
    const maxId = Math.max(...before.interview_round!.map((row) => (JSON.parse(row) as { id: number }).id));
    const next = await target.handle.db
      .insertInto('interview_round')
      .values({
        guild_id: GUILD,
        round_key: '2026-12-02',
        channel_id: CHANNEL,
        seed: 1,
        opens_at: T,
        follow_up_at: T,
        closes_at: T,
        created_at: T,
        sat_out_user_id: null,
        skipped_count: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(next.id).toBe(maxId + 1);

    const refused = failure(() => copy('--from', sourceFile, '--to', targetUrl));
    expect(refused).toMatch(
      /target database is not empty \(.*guild: 2 rows.*\)\. db:copy only fills an empty database/,
    );
    expect(await contents(target.handle.db, ['guild'])).toEqual({ guild: before.guild });
    source = openDatabase(sourceFile);
  });

  it('refuses a source that is not at the latest schema, and bad arguments, writing nothing', async () => {
    await source.close();
    const old = path.join(dir, 'old.sqlite');
    const oldHandle = openDatabase(old);
    await sql`create table guild (guild_id text primary key)`.execute(oldHandle.db);
    await oldHandle.close();
    expect(failure(() => copy('--from', old, '--to', targetUrl))).toMatch(
      /is not at the latest schema \(missing 2026_11_21_0001_guilds.*npm run migrate/,
    );
    expect(failure(() => copy('--from', path.join(dir, 'none.sqlite'), '--to', targetUrl))).toMatch(
      /No SQLite database at/,
    );
    expect(failure(() => copy('--from', sourceFile, '--to', 'mysql://root@localhost/x'))).toMatch(
      /--to: must be a PostgreSQL URL/,
    );
    expect(failure(() => copy('--from', sourceFile))).toMatch(/Usage: npm run db:copy -- --from/);
    expect(await ownTables(target)).toEqual([]);
    source = openDatabase(sourceFile);
  });
});
