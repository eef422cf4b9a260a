import { describe, expect, it } from 'vitest';
import {
  buildPartnerHistory,
  countRepeats,
  MAX_RECENCY_RANK,
  recentGroups,
} from '../../src/domain/interviews/partner-history.js';

const indexOf = new Map(['a', 'b', 'c', 'd'].map((id, i) => [id, i]));

describe('partner history', () => {
  const history = [
    { round: 10, memberIds: ['a', 'b'] },
    { round: 11, memberIds: ['a', 'c', 'd'] },
    { round: 12, memberIds: ['a', 'b'] },
    { round: 12, memberIds: ['x', 'c'] },
  ];

  it('ranks partners by their latest meeting, newest highest', () => {
    const partners = buildPartnerHistory(history, indexOf, 4);
    expect(partners.rank(0, 1)).toBe(MAX_RECENCY_RANK);
    expect(partners.rank(1, 0)).toBe(MAX_RECENCY_RANK);
    expect(partners.rank(0, 2)).toBe(MAX_RECENCY_RANK - 1);
    expect(partners.rank(2, 3)).toBe(MAX_RECENCY_RANK - 1);
    expect(partners.met(1, 2)).toBe(false);
    expect(partners.rank(1, 3)).toBe(0);
    expect([...partners.degree]).toEqual([3, 1, 2, 2]);
  });

  it('keeps only the lookback window', () => {
    expect(recentGroups(history, 1).map((g) => g.round)).toEqual([12, 12]);
    expect(recentGroups(history)).toBe(history);
    const partners = buildPartnerHistory(history, indexOf, 4, 2);
    expect(partners.met(0, 2)).toBe(true);
    expect(buildPartnerHistory(history, indexOf, 4, 1).met(0, 2)).toBe(false);
  });

  it('counts repeat pairs, trios counting each pair', () => {
    expect(
      countRepeats(
        [
          ['a', 'b'],
          ['c', 'd'],
        ],
        history,
      ),
    ).toBe(2);
    expect(countRepeats([['a', 'c', 'd']], history)).toBe(3);
    expect(
      countRepeats(
        [
          ['b', 'c'],
          ['a', 'd'],
        ],
        history,
      ),
    ).toBe(1);
    expect(countRepeats([['a', 'c']], history, 1)).toBe(0);
  });

  it('rejects malformed history with huge groups instead of building a quadratic table', () => {
    const everyone = Array.from({ length: 50 }, (_, i) => `m${i}`);
    expect(() => buildPartnerHistory([{ round: 1, memberIds: everyone }], indexOf, 4)).toThrow(RangeError);
  });

  it('handles many pairs without collisions going wrong', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `m${i}`);
    const index = new Map(ids.map((id, i) => [id, i]));
    const groups = [];
    for (let i = 0; i < 2000; i += 1)
      groups.push({ round: i % 7, memberIds: [ids[i]!, ids[(i * 7 + 3) % 2000]!] });
    const partners = buildPartnerHistory(groups, index, 2000);
    for (let i = 0; i < 2000; i += 1) {
      const j = (i * 7 + 3) % 2000;
      if (i !== j) expect(partners.met(i, j)).toBe(true);
    }
    expect(partners.met(0, 1)).toBe(false);
  });
});
