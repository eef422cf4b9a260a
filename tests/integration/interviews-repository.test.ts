import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { saveFeedback } from '../../src/db/repositories/interviews/feedback.js';
import {
  askedQuestions,
  listGroupMembers,
  listGroups,
  pastGroups,
  updateGroup,
} from '../../src/db/repositories/interviews/groups.js';
import { getInterviewMember, saveInterviewMember } from '../../src/db/repositories/interviews/members.js';
import {
  listParticipation,
  listReports,
  saveReport,
  saveReportIfMissing,
} from '../../src/db/repositories/interviews/reports.js';
import { createRound } from '../../src/db/repositories/interviews/rounds.js';
import { interviewCounts } from '../../src/db/repositories/interviews/stats.js';
import type { NewRoundPlan } from '../../src/domain/interviews/types.js';
import type { InterviewMember } from '../../src/domain/interviews/types.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

let test: TestDatabase;
let handle: DatabaseHandle;
const GUILD = '111111111111111111';
const [A, B, C, D] = ['200000000000000001', '200000000000000002', '200000000000000003', '200000000000000004'];

beforeEach(async () => {
  test = await openTestDatabase();
  handle = test.handle;
  await migrateToLatest(handle.db);
});

afterEach(async () => {
  await test.close();
});

function member(userId: string, changes: Partial<InterviewMember> = {}): InterviewMember {
  return {
    guildId: GUILD,
    userId: userId,
    focus: null,
    level: null,
    timezone: null,
    active: true,
    joinedAt: 0,
    leftAt: null,
    removedReason: null,
    skipNext: false,
    ...changes,
  };
}

function plan(
  key: string,
  groups: string[][],
  options: { skipped?: string[]; opensAt?: number } = {},
): NewRoundPlan {
  const opensAt = options.opensAt ?? 1000;
  return {
    round: {
      guildId: GUILD,
      key: key,
      channelId: '300000000000000000',
      seed: 42,
      opensAt: opensAt,
      followUpAt: opensAt + 50,
      closesAt: opensAt + 100,
      createdAt: opensAt,
      satOutUserId: null,
      skippedCount: options.skipped?.length ?? 0,
    },
    groups: groups.map((ids) =>
      ids.map((userId, i) => ({ userId, questionIds: [`teamwork-0${i + 1}`, `conflict-0${i + 1}`] })),
    ),
    skipped: options.skipped ?? [],
  };
}

describe('interview rounds', () => {
  it('records a round, its groups, members and asked questions in one go; a second write keeps the first', async () => {
    await saveInterviewMember(handle.db, member(D, { skipNext: true }));
    const first = await createRound(
      handle.db,
      plan(
        '2026-11-20',
        [
          [A, B],
          [C, D, A],
        ],
        { skipped: [D] },
      ),
      new Date(1000),
    );
    expect(first.created).toBe(true);
    const again = await createRound(handle.db, plan('2026-11-20', [[A, C]]), new Date(2000));
    expect(again).toEqual({ round: first.round, created: false });

    const groups = await listGroups(handle.db, first.round.id);
    expect(groups.map((g) => [g.position, g.state, g.threadId])).toEqual([
      [1, 'pending', null],
      [2, 'pending', null],
    ]);
    const trio = await listGroupMembers(handle.db, groups[1]!.id);
    expect(trio.map((m) => [m.userId, m.position, m.addState])).toEqual([
      [C, 0, 'pending'],
      [D, 1, 'pending'],
      [A, 2, 'pending'],
    ]);
    expect(trio[0]!.questionIds).toEqual(['teamwork-01', 'conflict-01']);
    // A was asked questions in both groups of this plan; the first time is kept, nothing is duplicated.
    const asked = await askedQuestions(handle.db, GUILD, [A, B, C]);
    expect([...(asked.get(A) ?? [])].sort()).toEqual([
      'conflict-01',
      'conflict-03',
      'teamwork-01',
      'teamwork-03',
    ]);
    expect([...(asked.get(B) ?? [])].sort()).toEqual(['conflict-02', 'teamwork-02']);
    expect((await getInterviewMember(handle.db, GUILD, D))?.skipNext).toBe(false);
  });

  it('rolls the whole round back when one part cannot be written', async () => {
    // The same member twice in one group breaks the group-member primary key.
    await expect(
      createRound(
        handle.db,
        plan('2026-11-20', [
          [A, B],
          [C, C],
        ]),
        new Date(1000),
      ),
    ).rejects.toThrow();
    expect(await sql`select count(*) as n from interview_round`.execute(handle.db)).toMatchObject({
      rows: [{ n: 0 }],
    });
    expect(await sql`select count(*) as n from interview_group`.execute(handle.db)).toMatchObject({
      rows: [{ n: 0 }],
    });
    expect(await askedQuestions(handle.db, GUILD, [A, B])).toEqual(new Map());
  });

  it('gives the pairing engine the recent groups, without the ones Discord refused', async () => {
    const r1 = (
      await createRound(
        handle.db,
        plan('2026-11-06', [
          [A, B],
          [C, D],
        ]),
        new Date(1),
      )
    ).round;
    const r2 = (
      await createRound(
        handle.db,
        plan('2026-11-13', [
          [A, C],
          [B, D],
        ]),
        new Date(2),
      )
    ).round;
    const r3 = (
      await createRound(
        handle.db,
        plan('2026-11-20', [
          [A, D],
          [B, C],
        ]),
        new Date(3),
      )
    ).round;
    const [refused] = await listGroups(handle.db, r3.id);
    await updateGroup(handle.db, refused!.id, { state: 'failed', error: 'forbidden' }, new Date(4));
    const history = await pastGroups(handle.db, GUILD, 2);
    expect(history).toEqual([
      { round: r2.id, memberIds: [A, C] },
      { round: r2.id, memberIds: [B, D] },
      { round: r3.id, memberIds: [B, C] },
    ]);
    expect(r1.id).toBeLessThan(r2.id);
  });

  it('keeps one meeting answer per member and group; feedback counts as met only when they said nothing', async () => {
    const { round } = await createRound(handle.db, plan('2026-11-20', [[A, B]]), new Date(1));
    const [group] = await listGroups(handle.db, round.id);
    await saveReport(handle.db, { guildId: GUILD, groupId: group!.id }, A, 'missed', new Date(2));
    await saveReport(handle.db, { guildId: GUILD, groupId: group!.id }, A, 'met', new Date(3));
    await saveReportIfMissing(handle.db, { guildId: GUILD, groupId: group!.id }, A, 'missed', new Date(4));
    await saveReportIfMissing(handle.db, { guildId: GUILD, groupId: group!.id }, B, 'met', new Date(5));
    expect(
      (await listReports(handle.db, [group!.id])).map((r) => [r.userId, r.outcome, r.updatedAt]),
    ).toEqual([
      [A, 'met', 3],
      [B, 'met', 5],
    ]);
  });

  it('stores feedback once per giver and candidate, edits it in place, and refuses ratings outside 1–5', async () => {
    const { round } = await createRound(handle.db, plan('2026-11-20', [[A, B]]), new Date(1));
    const [group] = await listGroups(handle.db, round.id);
    const key = { groupId: group!.id, roundId: round.id, guildId: GUILD, giverId: A, candidateId: B };
    const feedback = {
      situation: 4,
      task: 3,
      action: 5,
      result: 4,
      strength: 'Clear result',
      improve: 'Say I',
    };
    expect(await saveFeedback(handle.db, key, feedback, new Date(2))).toEqual({ created: true });
    expect(await saveFeedback(handle.db, key, { ...feedback, task: 5 }, new Date(3))).toEqual({
      created: false,
    });
    const rows = await sql<{
      task: number;
      created_at: number;
      updated_at: number;
    }>`select * from interview_feedback`.execute(handle.db);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ task: 5, created_at: 2, updated_at: 3 });
    await expect(
      saveFeedback(
        handle.db,
        { ...key, giverId: B, candidateId: A },
        { ...feedback, result: 6 },
        new Date(4),
      ),
    ).rejects.toThrow(/check constraint/i);
  });

  it('lists participation in rounds that ended, oldest first, for the no-show rule', async () => {
    const r1 = (await createRound(handle.db, plan('2026-11-06', [[A, B]], { opensAt: 1000 }), new Date(1)))
      .round;
    const r2 = (await createRound(handle.db, plan('2026-11-13', [[A, C]], { opensAt: 2000 }), new Date(2)))
      .round;
    // r1 ended at 1100, r2 ends at 2100.
    expect((await listParticipation(handle.db, GUILD, [A], 1500)).map((p) => p.roundId)).toEqual([r1.id]);
    expect((await listParticipation(handle.db, GUILD, [A], 2100)).map((p) => p.roundId)).toEqual([
      r1.id,
      r2.id,
    ]);
  });

  it('counts rounds, groups, trios, meetings and feedback for the stats', async () => {
    await saveInterviewMember(handle.db, member(A));
    await saveInterviewMember(handle.db, member(B, { active: false, removedReason: 'no-show' }));
    const { round } = await createRound(
      handle.db,
      plan('2026-11-13', [
        [A, B],
        [C, D, A],
      ]),
      new Date(1),
    );
    const [pair, trio] = await listGroups(handle.db, round.id);
    await updateGroup(handle.db, pair!.id, { state: 'posted' }, new Date(2));
    await updateGroup(handle.db, trio!.id, { state: 'posted' }, new Date(2));
    await saveReport(handle.db, { guildId: GUILD, groupId: pair!.id }, A, 'met', new Date(3));
    await sql`update interview_round set closed_at = 5`.execute(handle.db);
    await createRound(handle.db, plan('2026-11-20', [[A, C]]), new Date(6));
    expect(await interviewCounts(handle.db, GUILD)).toEqual({
      rounds: 2,
      closedRounds: 1,
      groups: 3,
      trios: 1,
      finishedGroups: 2,
      finishedGroupsMet: 1,
      failedGroups: 0,
      feedback: 0,
      activeMembers: 1,
      removedForNoShow: 1,
    });
  });
});
