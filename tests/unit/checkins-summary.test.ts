import { describe, expect, it } from 'vitest';
import type { CheckinAnswer } from '../../src/domain/checkins/answer.js';
import type { RoundRecord } from '../../src/domain/checkins/streaks.js';
import { buildRoundSummary } from '../../src/domain/checkins/summary.js';

const KEYS = ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
const ROUND = '2026-11-16';

function history(statuses: string): RoundRecord[] {
  return [...statuses].map((c, i) => ({
    roundKey: KEYS[i] as string,
    status: ({ a: 'answered', m: 'missed', p: 'paused', u: 'undelivered' } as const)[
      c as 'a' | 'm' | 'p' | 'u'
    ],
  }));
}

function answer(nextGoal: string, extra: Partial<CheckinAnswer> = {}): CheckinAnswer {
  return { done: 'stuff', nextGoal, blockers: null, applications: null, interviews: null, ...extra };
}

describe('buildRoundSummary', () => {
  it('counts, lists goals and blockers, totals job-search numbers', () => {
    const summary = buildRoundSummary(ROUND, [
      {
        memberId: 'ana',
        history: history('aaaa'),
        answer: answer('Ship the API', { applications: 4, interviews: 1 }),
      },
      {
        memberId: 'bob',
        history: history('maaa'),
        answer: answer('Learn SQL', { blockers: 'Docker on Windows', applications: 2 }),
      },
      { memberId: 'cy', history: history('aamm') },
      { memberId: 'dee', history: history('aaap') },
      // Never reached this round, after two quiet ones: neither expected nor listed as quiet.
      { memberId: 'gus', history: history('ammu') },
      { memberId: 'eve', history: history('mmmm') },
      { memberId: 'fin', history: history('a') }, // no record for this round: joined later
    ]);
    expect(summary).toEqual({
      roundKey: ROUND,
      checkedIn: 2,
      expected: 4,
      paused: 1,
      undelivered: 1,
      goals: [
        { memberId: 'ana', goal: 'Ship the API' },
        { memberId: 'bob', goal: 'Learn SQL' },
      ],
      blockers: [{ memberId: 'bob', blockers: 'Docker on Windows' }],
      streakLeaders: [
        { memberId: 'ana', current: 4, best: 4 },
        { memberId: 'bob', current: 3, best: 3 },
        { memberId: 'dee', current: 3, best: 3 },
      ],
      quietMembers: [
        { memberId: 'eve', quietRounds: 4 },
        { memberId: 'cy', quietRounds: 2 },
      ],
      jobSearch: { applications: 6, interviews: 1, reporting: 2 },
    });
  });

  it('keeps the top five leaders, ties broken by best streak then id', () => {
    const members = ['g', 'f', 'e', 'd', 'c', 'b', 'a'].map((memberId) => ({
      memberId,
      history: history(memberId === 'g' ? 'aama' : 'mmma'),
    }));
    members.push({ memberId: 'z', history: history('aaaa') });
    const leaders = buildRoundSummary(ROUND, members).streakLeaders;
    expect(leaders.map((l) => l.memberId)).toEqual(['z', 'g', 'a', 'b', 'c']);
  });

  it('ignores rounds after the summarised one (a late summary)', () => {
    const summary = buildRoundSummary(ROUND, [
      { memberId: 'ana', history: history('aaaam'), answer: answer('x') },
    ]);
    expect(summary.streakLeaders).toEqual([{ memberId: 'ana', current: 4, best: 4 }]);
    expect(summary.quietMembers).toEqual([]);
  });

  it('does not list members quiet for only one round, nor paused ones', () => {
    const summary = buildRoundSummary(ROUND, [
      { memberId: 'one', history: history('aaam') },
      { memberId: 'paused', history: history('mmmp') },
    ]);
    expect(summary.quietMembers).toEqual([]);
    expect(summary.expected).toBe(1);
  });

  it('handles an empty round', () => {
    expect(buildRoundSummary(ROUND, [])).toMatchObject({
      checkedIn: 0,
      expected: 0,
      goals: [],
      streakLeaders: [],
    });
  });
});
