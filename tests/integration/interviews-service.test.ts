import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadQuestionBank } from '../../src/content/load.js';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { getInterviewConfig } from '../../src/db/repositories/interviews/config.js';
import { listFeedbackReceived } from '../../src/db/repositories/interviews/feedback.js';
import {
  listGroupMembers,
  listGroups,
  updateGroup,
  updateGroupMember,
} from '../../src/db/repositories/interviews/groups.js';
import { getInterviewMember } from '../../src/db/repositories/interviews/members.js';
import { listReports, saveReport } from '../../src/db/repositories/interviews/reports.js';
import { createRound } from '../../src/db/repositories/interviews/rounds.js';
import type { QuestionBank } from '../../src/domain/questions/schema.js';
import { mulberry32 } from '../../src/domain/interviews/random.js';
import { Refusal } from '../../src/domain/refusal.js';
import { renderRefusal } from '../../src/discord/render/refusals.js';
import { candidateOf } from '../../src/domain/interviews/rotation.js';
import { toNewRound } from '../../src/domain/interviews/round-plan.js';
import { configureInterviews } from '../../src/services/interview-config.js';
import { submitFeedback } from '../../src/services/interview-feedback.js';
import { noShowsAfter } from '../../src/services/interview-meetings.js';
import { planRound } from '../../src/services/interview-planning.js';
import { joinPool, leavePool, skipNextRound } from '../../src/services/interview-pool.js';
import { practiceQuestion } from '../../src/services/interview-practice.js';
import { memberStatus } from '../../src/services/interview-status.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

/** The words a member would read for the refusal `work` ends in (fails if it ends any other way). */
async function refusalText(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Refusal)) throw new Error(`expected a refusal, got ${String(error)}`);
  return renderRefusal(error);
}

let bank: QuestionBank;
let test: TestDatabase;
let handle: DatabaseHandle;
const GUILD = '111111111111111111';
const CHANNEL = '300000000000000000';
const ids = (n: number) => Array.from({ length: n }, (_, i) => `2000000000000000${String(i + 10)}`);

beforeAll(() => {
  bank = loadQuestionBank();
});
beforeEach(async () => {
  test = await openTestDatabase();
  handle = test.handle;
  await migrateToLatest(handle.db);
});
afterEach(async () => {
  await test.close();
});

const deps = () => ({ db: handle.db, questions: bank });

/** Plans and records a round the way the scheduler does; all its groups marked posted. */
async function runRound(key: string, opensAt: number, closesAt: number) {
  const plan = await planRound(deps(), GUILD, key, new Date(opensAt));
  const { round } = await createRound(
    handle.db,
    toNewRound(
      plan,
      GUILD,
      CHANNEL,
      { opensAt: new Date(opensAt), closesAt: new Date(closesAt) },
      new Date(opensAt),
    ),
    new Date(opensAt),
  );
  const groups = await listGroups(handle.db, round.id);
  for (const group of groups) {
    await updateGroup(
      handle.db,
      group.id,
      { state: 'posted', threadId: `9${group.id}`.padEnd(18, '0') },
      new Date(opensAt),
    );
    for (const m of await listGroupMembers(handle.db, group.id))
      await updateGroupMember(handle.db, group.id, m.userId, { addState: 'added' });
  }
  return { plan, round, groups };
}

describe('the interview calendar', () => {
  it('saves a setup with the next round, and saves nothing for an unknown zone or an impossible time', async () => {
    const now = new Date('2026-11-16T12:00:00Z');
    const input = {
      channelId: CHANNEL,
      weekday: 'Friday',
      time: '18:00',
      timezone: 'Europe/Paris',
      cadence: 'biweekly' as const,
    };
    expect(
      await refusalText(
        configureInterviews(deps(), GUILD, { ...input, timezone: 'Mars/Olympus' }, 'admin', now),
      ),
    ).toMatch(/time zone such as Europe\/Paris/);
    expect(
      await refusalText(configureInterviews(deps(), GUILD, { ...input, time: '25:00' }, 'admin', now)),
    ).toMatch(/HH:MM/);
    expect(await getInterviewConfig(handle.db, GUILD)).toBeUndefined();
    const { config, nextRoundAt } = await configureInterviews(deps(), GUILD, input, 'admin', now);
    expect(nextRoundAt).toEqual(new Date('2026-11-20T17:00:00Z'));
    expect(config).toMatchObject({
      weekday: 'friday',
      anchorKey: '2026-11-20',
      cadence: 'biweekly',
      activeSince: now.getTime(),
    });
  });
});

describe('the pool', () => {
  it('joins with preferences, keeps them on a later join, skips one round, leaves and rejoins with a clean slate', async () => {
    const [a] = ids(1) as [string];
    const t = (ms: number) => new Date(ms);
    expect(
      (
        await joinPool(
          deps(),
          GUILD,
          a,
          { focus: ' teamwork ', level: 'beginner', timezone: 'europe/paris' },
          t(1),
        )
      ).status,
    ).toBe('joined');
    expect((await joinPool(deps(), GUILD, a, { level: 'advanced' }, t(2))).member).toMatchObject({
      focus: 'teamwork',
      level: 'advanced',
      timezone: 'Europe/Paris',
      joinedAt: 1,
    });
    expect(await refusalText(joinPool(deps(), GUILD, a, { timezone: 'Nowhere/City' }, t(3)))).toMatch(
      /time zone/,
    );
    await expect(joinPool(deps(), GUILD, a, { focus: 'x'.repeat(51) }, t(3))).rejects.toMatchObject({
      reason: { code: 'interviews-join-invalid', problems: [expect.stringMatching(/50 characters/)] },
    });
    expect(await skipNextRound(deps(), GUILD, a)).toBe(true);
    expect(await skipNextRound(deps(), GUILD, a)).toBe(false);
    await leavePool(deps(), GUILD, a, t(4));
    expect(await refusalText(skipNextRound(deps(), GUILD, a))).toMatch(/not in the mock-interview pool/);
    expect((await joinPool(deps(), GUILD, a, {}, t(5))).status).toBe('rejoined');
    expect(await getInterviewMember(handle.db, GUILD, a)).toMatchObject({
      active: true,
      joinedAt: 5,
      skipNext: false,
      removedReason: null,
    });
  });
});

describe('planning rounds', () => {
  it('pairs everyone, makes one trio for an odd pool, leaves out skippers and gives trio members priority next time', async () => {
    // Large enough that keeping last trio out of the new one never forces a repeat (repeats weigh more).
    const members = ids(12);
    for (const id of members) await joinPool(deps(), GUILD, id, {}, new Date(0));
    await skipNextRound(deps(), GUILD, members[11]!);
    const { plan } = await runRound('2026-11-06', 1000, 2000);
    expect(plan.skipped).toEqual([members[11]]);
    expect(plan.groups.map((g) => g.length).sort()).toEqual([2, 2, 2, 2, 3]);
    expect(
      plan.groups
        .flat()
        .map((m) => m.userId)
        .sort(),
    ).toEqual(members.slice(0, 11).sort());
    const trio = plan.groups.find((g) => g.length === 3)!.map((m) => m.userId);

    // Next round: the skipper is back and another member skips; last trio's members stay out of the trio.
    const nextSkipper = members.find((id) => !trio.includes(id))!;
    await skipNextRound(deps(), GUILD, nextSkipper);
    const next = await planRound(deps(), GUILD, '2026-11-13', new Date(3000));
    expect(next.skipped).toEqual([nextSkipper]);
    expect(next.groups.flat().map((m) => m.userId)).toContain(members[11]);
    const nextTrio = next.groups.find((g) => g.length === 3)!.map((m) => m.userId);
    expect(nextTrio.filter((id) => trio.includes(id))).toEqual([]);
    expect(next.repeats).toBe(0);
  });

  it('gives each candidate two questions, never one they were asked before, the first from their focus', async () => {
    const [a, b] = ids(2) as [string, string];
    await joinPool(deps(), GUILD, a, { focus: 'Handling conflict' }, new Date(0));
    await joinPool(deps(), GUILD, b, {}, new Date(0));
    const seen = new Map<string, string[]>([
      [a, []],
      [b, []],
    ]);
    for (let week = 0; week < 6; week += 1) {
      const { plan } = await runRound(`2026-10-${String(week + 10)}`, week * 1000, week * 1000 + 500);
      for (const m of plan.groups.flat()) {
        expect(m.questions).toHaveLength(2);
        seen.get(m.userId)!.push(...m.questions.map((q) => q.id));
        if (m.userId === a) expect(m.questions[0]!.competency).toBe('conflict');
      }
    }
    for (const list of seen.values()) expect(new Set(list).size).toBe(list.length);
  });

  it('reads a retired question in a member’s history as the question that replaced it', async () => {
    const [a, b] = ids(2) as [string, string];
    await joinPool(deps(), GUILD, a, {}, new Date(0));
    await joinPool(deps(), GUILD, b, {}, new Date(0));
    await runRound('2026-10-10', 0, 500);
    // History from the first edition: alice was asked teamwork-04, since retired into learning-03.
    const first = await handle.db
      .selectFrom('interview_asked_question')
      .select('question_id')
      .where('user_id', '=', a)
      .executeTakeFirstOrThrow();
    await handle.db
      .updateTable('interview_asked_question')
      .set({ question_id: 'teamwork-04' })
      .where('user_id', '=', a)
      .where('question_id', '=', first.question_id)
      .execute();
    expect(bank.retired.find((r) => r.id === 'teamwork-04')?.replacedBy).toBe('learning-03');
    const picked = new Set<string>();
    for (let seed = 1; seed <= 40; seed += 1) {
      picked.add((await practiceQuestion(deps(), GUILD, a, 'learning', mulberry32(seed))).id);
    }
    expect(picked.size).toBeGreaterThanOrEqual(3);
    expect(picked.has('learning-03')).toBe(false);
    // Bob has no such history, so learning-03 is open to him.
    const forBob = new Set<string>();
    for (let seed = 1; seed <= 40; seed += 1) {
      forBob.add((await practiceQuestion(deps(), GUILD, b, 'learning', mulberry32(seed))).id);
    }
    expect(forBob.has('learning-03')).toBe(true);
  });
});

describe('meetings and the no-show rule', () => {
  it('moves out a member who missed two rounds in a row, not one who missed one or answered', async () => {
    const members = ids(4);
    for (const id of members) await joinPool(deps(), GUILD, id, {}, new Date(0));
    const ghost = members[0]!;
    for (const [index, key] of ['2026-11-06', '2026-11-13'].entries()) {
      const { groups } = await runRound(key, 1000 + index * 1000, 1500 + index * 1000);
      for (const group of groups) {
        const inGroup = (await listGroupMembers(handle.db, group.id)).map((m) => m.userId);
        const other = inGroup.find((id) => id !== ghost)!;
        await saveReport(
          handle.db,
          { guildId: GUILD, groupId: group.id },
          other,
          inGroup.includes(ghost) ? 'missed' : 'met',
          new Date(1),
        );
      }
      const removed = await noShowsAfter(deps(), GUILD, members, new Date(1500 + index * 1000));
      expect(removed).toEqual(index === 0 ? [] : [ghost]);
    }
    const status = await memberStatus(deps(), GUILD, ghost, new Date(2600));
    expect(status.missesInARow).toBe(2);
  });

  it('does not count rounds from before a rejoin', async () => {
    const members = ids(2);
    for (const id of members) await joinPool(deps(), GUILD, id, {}, new Date(0));
    for (const [index, key] of ['2026-11-06', '2026-11-13'].entries()) {
      const { groups } = await runRound(key, 1000 + index * 1000, 1500 + index * 1000);
      await saveReport(
        handle.db,
        { guildId: GUILD, groupId: groups[0]!.id },
        members[1]!,
        'missed',
        new Date(1),
      );
    }
    await leavePool(deps(), GUILD, members[0]!, new Date(2600));
    await joinPool(deps(), GUILD, members[0]!, {}, new Date(2700));
    expect(await noShowsAfter(deps(), GUILD, members, new Date(3000))).toEqual([]);
  });
});

describe('feedback', () => {
  it('stores feedback for the candidate the giver interviewed, counts it as met, and stores nothing when invalid', async () => {
    const members = ids(3);
    for (const id of members) await joinPool(deps(), GUILD, id, {}, new Date(0));
    const now = new Date(1200);
    const { groups } = await runRound('2026-11-06', 1000, 5000);
    const trio = await listGroupMembers(handle.db, groups[0]!.id);
    const giver = trio[2]!.userId;
    const candidate = candidateOf(trio, giver)!.userId;
    expect(candidate).toBe(trio[0]!.userId);

    expect(
      await refusalText(
        submitFeedback(
          deps(),
          GUILD,
          groups[0]!.id,
          giver,
          { ratings: '4 3 5', strength: 'a', improve: 'b' },
          now,
        ),
      ),
    ).toMatch(/Nothing was saved/);
    expect(await listFeedbackReceived(handle.db, GUILD, candidate)).toEqual([]);
    expect(await listReports(handle.db, [groups[0]!.id])).toEqual([]);

    const saved = await submitFeedback(
      deps(),
      GUILD,
      groups[0]!.id,
      giver,
      { ratings: '4 3 5 4', strength: 'Concrete result', improve: 'More I' },
      now,
    );
    expect(saved).toMatchObject({
      created: true,
      candidateId: candidate,
      feedback: { situation: 4, result: 4 },
    });
    expect((await listReports(handle.db, [groups[0]!.id])).map((r) => [r.userId, r.outcome])).toEqual([
      [giver, 'met'],
    ]);
    expect(
      await refusalText(
        submitFeedback(
          deps(),
          GUILD,
          groups[0]!.id,
          '299999999999999999',
          { ratings: '4 4 4 4', strength: 'a', improve: 'b' },
          now,
        ),
      ),
    ).toMatch(/Only the members of this interview group/);
  });
});
