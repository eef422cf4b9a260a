import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt, seedFromString, shuffled } from '../../src/domain/interviews/random.js';
import { randomPairMembers } from '../../src/domain/interviews/random-pairing.js';

describe('mulberry32', () => {
  it('is reproducible and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });

  it('spreads integers roughly evenly', () => {
    const random = mulberry32(7);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i += 1) counts[randomInt(random, 4)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(9_500);
  });

  it('shuffles without losing or mutating items', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const result = shuffled(items, mulberry32(1));
    expect(result).not.toEqual(items);
    expect([...result].sort((x, y) => x - y)).toEqual(items);
    expect(items[0]).toBe(0);
    expect(shuffled(items, mulberry32(1))).toEqual(result);
  });

  it('derives seeds from text', () => {
    expect(seedFromString('guild:2026-11-16')).toBe(seedFromString('guild:2026-11-16'));
    expect(seedFromString('guild:2026-11-16')).not.toBe(seedFromString('guild:2026-11-23'));
    expect(Number.isInteger(seedFromString(''))).toBe(true);
  });
});

describe('randomPairMembers', () => {
  const pool = (n: number) => Array.from({ length: n }, (_, i) => ({ memberId: `m${i}`, priority: false }));

  it('pairs everyone, with one trio when odd', () => {
    const result = randomPairMembers(pool(7), [], { seed: 1 });
    expect(result.groups.map((g) => g.length).sort()).toEqual([2, 2, 3]);
    expect(result.groups.flat().sort()).toEqual(
      pool(7)
        .map((m) => m.memberId)
        .sort(),
    );
    expect(randomPairMembers(pool(1), [], { seed: 1 })).toEqual({ groups: [], unpaired: ['m0'], repeats: 0 });
    expect(randomPairMembers(pool(0), [], { seed: 1 })).toEqual({ groups: [], unpaired: [], repeats: 0 });
  });

  it('counts repeats and is deterministic', () => {
    const history = [{ round: 1, memberIds: ['m0', 'm1'] }];
    const result = randomPairMembers(pool(2), history, { seed: 5 });
    expect(result.repeats).toBe(1);
    expect(randomPairMembers(pool(20), history, { seed: 5 })).toEqual(
      randomPairMembers(pool(20), history, { seed: 5 }),
    );
  });
});
