import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { saveAnswer } from '../../src/db/repositories/checkin-answers.js';
import { ensureRound, planDeliveries, updateDelivery } from '../../src/db/repositories/checkin-rounds.js';
import {
  checkinJobSearch,
  checkinParticipation,
  interviewRoundsWithOutcomes,
  memberCompletionTimes,
  roadmapProgressRows,
  starRatings,
} from '../../src/db/repositories/insights.js';
import { saveFeedback } from '../../src/db/repositories/interviews/feedback.js';
import { listGroups, updateGroup } from '../../src/db/repositories/interviews/groups.js';
import { saveReport } from '../../src/db/repositories/interviews/reports.js';
import { createRound, markRound } from '../../src/db/repositories/interviews/rounds.js';
import { applyStepAction } from '../../src/db/repositories/progress.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

const GUILD = '111111111111111111';
const OTHER_GUILD = '999999999999999999';
const [A, B, C, D] = ['200000000000000001', '200000000000000002', '200000000000000003', '200000000000000004'];
const WEEK = 7 * 86_400_000;

let test: TestDatabase;
let handle: DatabaseHandle;
beforeEach(async () => {
  test = await openTestDatabase();
  handle = test.handle;
  await migrateToLatest(handle.db);
});
afterEach(async () => {
  await test.close();
});

async function round(guildId: string, key: string, opensAt: number) {
  await ensureRound(handle.db, {
    guildId,
    window: {
      key,
      opensAt: new Date(opensAt),
      remindAt: new Date(opensAt + WEEK - 1000),
      closesAt: new Date(opensAt + WEEK),
    },
    channelId: '300000000000000000',
  });
}

const answer = (applications: number | null, interviews: number | null) => ({
  done: 'Did things',
  nextGoal: 'More things',
  blockers: null,
  applications,
  interviews,
});

describe('check-in figures', () => {
  it('lists the opened rounds, oldest first, with who was prompted, on a break and answered', async () => {
    await round(GUILD, '2026-11-02', 1 * WEEK);
    await round(GUILD, '2026-11-09', 2 * WEEK);
    await round(GUILD, '2026-11-16', 3 * WEEK); // not opened yet at `now`
    await round(OTHER_GUILD, '2026-11-02', 1 * WEEK);
    const at = new Date(WEEK);
    await planDeliveries(
      handle.db,
      GUILD,
      '2026-11-02',
      'prompt',
      [
        { userId: A, state: 'pending' },
        { userId: B, state: 'pending' },
        { userId: C, state: 'skipped' },
        { userId: D, state: 'pending' },
      ],
      at,
    );
    await updateDelivery(
      handle.db,
      { guildId: GUILD, roundKey: '2026-11-02', userId: A, kind: 'prompt' },
      { state: 'sent' },
      at,
    );
    await updateDelivery(
      handle.db,
      { guildId: GUILD, roundKey: '2026-11-02', userId: B, kind: 'prompt' },
      { state: 'sent' },
      at,
    );
    // D left the check-ins before the prompt: skipped with a reason, which is not a break.
    await updateDelivery(
      handle.db,
      { guildId: GUILD, roundKey: '2026-11-02', userId: D, kind: 'prompt' },
      { state: 'skipped', error: 'left the check-ins' },
      at,
    );
    await saveAnswer(handle.db, { guildId: GUILD, roundKey: '2026-11-02', userId: A }, answer(3, 1), at);
    await saveAnswer(handle.db, { guildId: GUILD, roundKey: '2026-11-09', userId: B }, answer(null, 2), at);
    await saveAnswer(
      handle.db,
      { guildId: OTHER_GUILD, roundKey: '2026-11-02', userId: C },
      answer(9, 9),
      at,
    );

    const now = new Date(2 * WEEK + 1);
    expect(await checkinParticipation(handle.db, GUILD, now, 12)).toEqual([
      { roundKey: '2026-11-02', prompted: [A, B], onBreak: [C], answered: [A] },
      { roundKey: '2026-11-09', prompted: [], onBreak: [], answered: [B] },
    ]);
    expect((await checkinParticipation(handle.db, GUILD, now, 1)).map((r) => r.roundKey)).toEqual([
      '2026-11-09',
    ]);
    expect(await checkinJobSearch(handle.db, GUILD, now, 12)).toEqual([
      { roundKey: '2026-11-02', answers: [{ userId: A, applications: 3, interviews: 1 }] },
      { roundKey: '2026-11-09', answers: [{ userId: B, applications: null, interviews: 2 }] },
    ]);
  });
});

describe('roadmap figures', () => {
  it("lists a server's step statuses and a member's completion times", async () => {
    await applyStepAction(handle.db, { guildId: GUILD, userId: A }, 'git', 'done', new Date(5000));
    await applyStepAction(handle.db, { guildId: GUILD, userId: A }, 'sql', 'in_progress', new Date(6000));
    await applyStepAction(handle.db, { guildId: GUILD, userId: B }, 'git', 'skip', new Date(7000));
    await applyStepAction(handle.db, { guildId: OTHER_GUILD, userId: A }, 'http', 'done', new Date(8000));
    const rows = await roadmapProgressRows(handle.db, GUILD);
    expect([...rows].sort((x, y) => x.updatedAt - y.updatedAt)).toEqual([
      { userId: A, stepId: 'git', status: 'done', updatedAt: 5000 },
      { userId: A, stepId: 'sql', status: 'in_progress', updatedAt: 6000 },
      { userId: B, stepId: 'git', status: 'skipped', updatedAt: 7000 },
    ]);
    expect(await memberCompletionTimes(handle.db, GUILD, A)).toEqual([5000]);
  });
});

describe('interview figures', () => {
  it('lists paired rounds with their posted groups, members and reports, and every STAR rating', async () => {
    const plan = (key: string, opensAt: number, groups: string[][]) => ({
      round: {
        guildId: GUILD,
        key,
        channelId: '300000000000000000',
        seed: 1,
        opensAt: opensAt,
        followUpAt: opensAt + 50,
        closesAt: opensAt + 100,
        createdAt: opensAt,
        satOutUserId: null,
        skippedCount: 0,
      },
      groups: groups.map((ids) => ids.map((userId) => ({ userId, questionIds: [] }))),
      skipped: [],
    });
    const { round: first } = await createRound(
      handle.db,
      plan('2026-11-10', 1000, [
        [A, B],
        [C, D],
      ]),
      new Date(1000),
    );
    const { round: unpaired } = await createRound(
      handle.db,
      plan('2026-11-17', 2000, [[A, C]]),
      new Date(2000),
    );
    await markRound(handle.db, first.id, 'pairedAt', new Date(1000));
    const [posted, refused] = await listGroups(handle.db, first.id);
    await updateGroup(handle.db, posted!.id, { state: 'posted' }, new Date(1000));
    await updateGroup(handle.db, refused!.id, { state: 'failed' }, new Date(1000));
    await saveReport(handle.db, { guildId: GUILD, groupId: posted!.id }, A, 'met', new Date(1100));
    await saveFeedback(
      handle.db,
      { groupId: posted!.id, roundId: first.id, guildId: GUILD, giverId: B, candidateId: A },
      { situation: 4, task: 3, action: 5, result: 2, strength: 'Clear', improve: 'Numbers' },
      new Date(1200),
    );
    expect(unpaired.pairedAt).toBeNull();
    expect(await interviewRoundsWithOutcomes(handle.db, GUILD, 12)).toEqual([
      { roundKey: '2026-11-10', groups: [{ memberIds: [A, B], reports: ['met'] }] },
    ]);
    expect(await starRatings(handle.db, GUILD)).toEqual([
      { candidateId: A, situation: 4, task: 3, action: 5, result: 2 },
    ]);
  });
});
