import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeStreaks } from '../../src/domain/checkins/streaks.js';
import type { RoundStatus } from '../../src/domain/checkins/streaks.js';

const history = (statuses: string) =>
  [...statuses].map((c, i) => ({
    roundKey: `r${i}`,
    status: ({ a: 'answered', m: 'missed', p: 'paused' } as const)[c as 'a' | 'm' | 'p'],
  }));

describe('computeStreaks', () => {
  it.each([
    ['', 0, 0, 0],
    ['a', 1, 1, 0],
    ['aaa', 3, 3, 0],
    ['aaam', 0, 3, 1],
    ['aaamm', 0, 3, 2],
    ['aamaaa', 3, 3, 0],
    ['aaamaa', 2, 3, 0],
    ['aapaa', 4, 4, 0],
    ['aap', 2, 2, 0],
    ['ppp', 0, 0, 0],
    ['mpm', 0, 0, 2],
    ['aampmp', 0, 2, 2],
    ['mmma', 1, 1, 0],
  ])('%j → current %i, best %i, quiet %i', (statuses, current, best, quietRounds) => {
    expect(computeStreaks(history(statuses))).toEqual({ current, best, quietRounds });
  });

  it('pauses never change the result', () => {
    const statuses = fc.array(fc.constantFrom<RoundStatus>('answered', 'missed', 'paused'), {
      maxLength: 60,
    });
    fc.assert(
      fc.property(statuses, (list) => {
        const withPauses = list.map((status, i) => ({ roundKey: `r${i}`, status }));
        const withoutPauses = withPauses.filter((record) => record.status !== 'paused');
        expect(computeStreaks(withPauses)).toEqual(computeStreaks(withoutPauses));
        const stats = computeStreaks(withPauses);
        expect(stats.best).toBeGreaterThanOrEqual(stats.current);
        expect(stats.current === 0 || stats.quietRounds === 0).toBe(true);
      }),
    );
  });
});
