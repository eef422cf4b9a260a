import { describe, expect, it } from 'vitest';
import { applyNoShowRule, isNoShow, trailingMisses } from '../../src/domain/interviews/no-show.js';
import type { MeetingOutcome } from '../../src/domain/interviews/no-show.js';

describe('no-show rule', () => {
  it.each<[MeetingOutcome[], number, boolean]>([
    [[], 0, false],
    [['missed'], 1, false],
    [['missed', 'missed'], 2, true],
    [['met', 'missed', 'missed'], 2, true],
    [['missed', 'missed', 'met'], 0, false],
    [['missed', 'unknown', 'missed'], 1, false],
    [['missed', 'missed', 'unknown'], 0, false],
    [['missed', 'missed', 'missed'], 3, true],
  ])('%j → %i trailing misses, no-show %s', (outcomes, misses, noShow) => {
    expect(trailingMisses(outcomes)).toBe(misses);
    expect(isNoShow(outcomes)).toBe(noShow);
  });

  it('splits a pool', () => {
    const outcomes: Record<string, MeetingOutcome[]> = {
      a: ['missed', 'missed'],
      b: ['met', 'missed'],
      c: [],
    };
    const pool = ['a', 'b', 'c', 'd'].map((memberId) => ({ memberId, priority: false }));
    const { kept, removed } = applyNoShowRule(pool, (id) => outcomes[id] ?? []);
    expect(kept.map((m) => m.memberId)).toEqual(['b', 'c', 'd']);
    expect(removed.map((m) => m.memberId)).toEqual(['a']);
    expect(applyNoShowRule(pool, (id) => outcomes[id] ?? [], 1).removed.map((m) => m.memberId)).toEqual([
      'a',
      'b',
    ]);
  });
});
