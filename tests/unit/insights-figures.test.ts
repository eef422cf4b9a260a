import { describe, expect, it } from 'vitest';
import { groupOutcome, interviewFigures } from '../../src/domain/insights/interviews.js';
import { jobSearchFigures } from '../../src/domain/insights/job-search.js';
import { memberProgressFigures } from '../../src/domain/insights/member-progress.js';
import { participationFigures } from '../../src/domain/insights/participation.js';
import { MIN_MEMBERS } from '../../src/domain/insights/privacy.js';
import { roadmapFunnelFigures, type FunnelProgressInput } from '../../src/domain/insights/roadmap-funnel.js';

const users = (...names: string[]) => names;
const SIX = users('a', 'b', 'c', 'd', 'e', 'f');
const DAY = 86_400_000;

describe('the privacy threshold', () => {
  it('is five members', () => {
    expect(MIN_MEMBERS).toBe(5);
  });
});

describe('participationFigures', () => {
  it('counts prompted, answered and on a break per week, with the answer rate', () => {
    const f = participationFigures([
      { roundKey: '2026-11-09', prompted: SIX.slice(0, 5), onBreak: ['f'], answered: ['a', 'b', 'c'] },
      // "e" answered with /checkin now, without a prompt: expected and answered.
      { roundKey: '2026-11-16', prompted: SIX.slice(0, 4), onBreak: ['f'], answered: ['a', 'b', 'e'] },
    ]);
    expect(f).toEqual({
      kind: 'figures',
      members: 6,
      answerRate: 60, // (3 + 3) of (5 + 5)
      withheldWeeks: 0,
      weeks: [
        {
          roundKey: '2026-11-09',
          withheld: false,
          prompted: 5,
          answered: 3,
          expected: 5,
          onBreak: 1,
          answerRate: 60,
        },
        {
          roundKey: '2026-11-16',
          withheld: false,
          prompted: 4,
          answered: 3,
          expected: 5,
          onBreak: 1,
          answerRate: 60,
        },
      ],
    });
  });

  it('says "too few" below five members, and withholds a single week with fewer than five', () => {
    expect(
      participationFigures([
        { roundKey: '2026-11-16', prompted: ['a', 'b', 'c'], onBreak: [], answered: ['a'] },
      ]),
    ).toEqual({ kind: 'too-few', members: 3 });
    const f = participationFigures([
      { roundKey: '2026-11-09', prompted: ['a', 'b'], onBreak: [], answered: ['a'] },
      { roundKey: '2026-11-16', prompted: SIX, onBreak: [], answered: SIX },
    ]);
    if (f.kind !== 'figures') throw new Error('expected figures');
    expect(f.weeks[0]).toMatchObject({ withheld: true, prompted: null, answered: null, answerRate: null });
    expect(f.withheldWeeks).toBe(1);
    expect(f.answerRate).toBe(100); // the withheld week does not count
  });

  it('keeps the last twelve rounds', () => {
    const rounds = Array.from({ length: 15 }, (_, i) => ({
      roundKey: `k${String(i).padStart(2, '0')}`,
      prompted: SIX,
      onBreak: [],
      answered: [],
    }));
    const f = participationFigures(rounds);
    if (f.kind !== 'figures') throw new Error('expected figures');
    expect(f.weeks.map((w) => w.roundKey)).toEqual(rounds.slice(3).map((r) => r.roundKey));
  });
});

describe('roadmapFunnelFigures', () => {
  const stages = [
    {
      id: 's1',
      title: 'One',
      steps: [
        { id: 'x', title: 'X' },
        { id: 'y', title: 'Y' },
      ],
    },
    { id: 's2', title: 'Two', steps: [{ id: 'z', title: 'Z' }] },
  ];
  const now = new Date('2026-11-30T00:00:00Z');
  const row = (userId: string, stepId: string, status: FunnelProgressInput['status'], daysAgo = 1) => ({
    userId,
    stepId,
    status,
    updatedAt: now.getTime() - daysAgo * DAY,
  });

  it('counts members through each stage (skipped counts as handled) and the steps skipped or stalled', () => {
    const progress = [
      ...['a', 'b', 'c', 'd'].flatMap((u) => [row(u, 'x', 'done'), row(u, 'y', 'done')]),
      row('e', 'x', 'done'),
      row('e', 'y', 'skipped'),
      row('a', 'z', 'skipped'),
      row('b', 'z', 'in_progress', 30), // stalled: over three weeks
      row('c', 'z', 'in_progress', 20), // not yet
      row('f', 'x', 'in_progress', 22),
    ];
    expect(roadmapFunnelFigures(stages, progress, now)).toEqual({
      kind: 'figures',
      members: 6,
      stages: [
        { id: 's1', title: 'One', completed: 5 },
        { id: 's2', title: 'Two', completed: 1 },
      ],
      mostSkipped: [
        { stepId: 'y', title: 'Y', members: 1 },
        { stepId: 'z', title: 'Z', members: 1 },
      ],
      stuck: [
        { stepId: 'x', title: 'X', members: 1 },
        { stepId: 'z', title: 'Z', members: 1 },
      ],
    });
  });

  it('says "too few" when fewer than five members marked any step', () => {
    expect(roadmapFunnelFigures(stages, [row('a', 'x', 'done'), row('b', 'x', 'done')], now)).toEqual({
      kind: 'too-few',
      members: 2,
    });
  });
});

describe('interviewFigures', () => {
  const pair = (a: string, b: string, ...reports: Array<'met' | 'missed'>) => ({
    memberIds: [a, b],
    reports,
  });

  it('decides a group met when anyone says so', () => {
    expect(groupOutcome(['missed', 'met'])).toBe('met');
    expect(groupOutcome(['missed'])).toBe('missed');
    expect(groupOutcome([])).toBe('unknown');
  });

  it('counts groups per round and averages STAR parts once five candidates are rated', () => {
    const rounds = [
      {
        roundKey: '2026-11-10',
        groups: [
          pair('a', 'b', 'met'),
          pair('c', 'd', 'missed'),
          { memberIds: ['e', 'f', 'g'], reports: [] },
        ],
      },
      { roundKey: '2026-11-17', groups: [pair('a', 'c')] }, // two members: withheld
    ];
    const rating = (candidateId: string, s: number) => ({
      candidateId,
      situation: s,
      task: 4,
      action: 3,
      result: 2,
    });
    const four = ['a', 'b', 'c', 'd'].map((c) => rating(c, 5));
    const few = interviewFigures(rounds, four);
    if (few.kind !== 'figures') throw new Error('expected figures');
    expect(few.rounds).toEqual([
      { roundKey: '2026-11-10', withheld: false, groups: 3, met: 1, missed: 1, unknown: 1 },
      { roundKey: '2026-11-17', withheld: true, groups: null, met: null, missed: null, unknown: null },
    ]);
    expect(few.star).toEqual({ situation: null, task: null, action: null, result: null });
    const enough = interviewFigures(rounds, [...four, rating('e', 4), rating('e', 4)]);
    if (enough.kind !== 'figures') throw new Error('expected figures');
    // (5 × 4 + 4 × 2) / 6 = 4.666… → 4.7
    expect(enough.star).toEqual({ situation: 4.7, task: 4, action: 3, result: 2 });
    expect(enough.ratedCandidates).toBe(5);
  });

  it('says "too few" when fewer than five members were paired', () => {
    expect(interviewFigures([{ roundKey: 'r', groups: [pair('a', 'b', 'met')] }], [])).toEqual({
      kind: 'too-few',
      members: 2,
    });
  });
});

describe('jobSearchFigures', () => {
  const answer = (userId: string, applications: number | null, interviews: number | null) => ({
    userId,
    applications,
    interviews,
  });

  it('sums what members reported per week; a week with fewer than five reporters is withheld', () => {
    const f = jobSearchFigures([
      { roundKey: 'w1', answers: SIX.slice(0, 5).map((u, i) => answer(u, i, i === 0 ? 1 : null)) },
      { roundKey: 'w2', answers: [answer('a', 3, 1), answer('b', null, null), answer('c', 1, 0)] },
    ]);
    expect(f).toEqual({
      kind: 'figures',
      members: 5,
      applications: 10, // 0 + 1 + 2 + 3 + 4
      interviews: 1,
      withheldWeeks: 1,
      weeks: [
        { roundKey: 'w1', reporters: 5, applications: 10, interviews: 1, withheld: false },
        { roundKey: 'w2', reporters: 2, applications: null, interviews: null, withheld: true },
      ],
    });
  });

  it('ignores answers that left both counts empty when counting members', () => {
    expect(jobSearchFigures([{ roundKey: 'w', answers: SIX.map((u) => answer(u, null, null)) }])).toEqual({
      kind: 'too-few',
      members: 0,
    });
  });
});

describe('memberProgressFigures', () => {
  it('buckets completed steps into the last twelve UTC weeks (Monday first), the current week last', () => {
    const now = new Date('2026-11-18T12:00:00Z'); // a Wednesday
    const f = memberProgressFigures(
      [
        Date.parse('2026-11-16T00:00:00Z'), // this week's Monday
        Date.parse('2026-11-15T23:59:59Z'), // the Sunday before
        Date.parse('2026-08-31T10:00:00Z'), // Monday eleven weeks ago: the first week shown
        Date.parse('2026-08-30T10:00:00Z'), // before the period
      ],
      { current: 3, best: 5, quietRounds: 0 },
      now,
    );
    expect(f.weeks).toHaveLength(12);
    expect(f.weeks[0]).toEqual({ weekStart: '2026-08-31', done: 1 });
    expect(f.weeks[10]).toEqual({ weekStart: '2026-11-09', done: 1 });
    expect(f.weeks[11]).toEqual({ weekStart: '2026-11-16', done: 1 });
    expect(f.doneInPeriod).toBe(3);
    expect(f.doneTotal).toBe(4);
    expect(f.streak).toEqual({ current: 3, best: 5 });
  });
});
