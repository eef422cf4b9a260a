import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadQuestionBank } from '../../src/content/load.js';
import { pickQuestions } from '../../src/domain/questions/pick.js';
import { COMPETENCIES } from '../../src/domain/questions/schema.js';
import type { Question } from '../../src/domain/questions/schema.js';

const bank = loadQuestionBank();

/** Small seeded PRNG (mulberry32) so picks are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const idsOf = (qs: Question[]): string[] => qs.map((q) => q.id);
const countBy = (qs: Question[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const q of qs) m.set(q.competency, (m.get(q.competency) ?? 0) + 1);
  return m;
};

describe('pickQuestions', () => {
  it('returns the requested number of distinct questions', () => {
    const picked = pickQuestions(bank, { count: 5, exclude: new Set(), random: seeded(1) });
    expect(picked).toHaveLength(5);
    expect(new Set(idsOf(picked)).size).toBe(5);
  });

  it('is deterministic for the same random sequence', () => {
    const a = pickQuestions(bank, { count: 6, exclude: new Set(), random: seeded(42) });
    const b = pickQuestions(bank, { count: 6, exclude: new Set(), random: seeded(42) });
    expect(idsOf(a)).toEqual(idsOf(b));
    const c = pickQuestions(bank, { count: 6, exclude: new Set(), random: seeded(43) });
    expect(idsOf(c)).not.toEqual(idsOf(a));
  });

  it('spreads picks across competencies', () => {
    const one = pickQuestions(bank, { count: COMPETENCIES.length, exclude: new Set(), random: seeded(7) });
    expect(new Set(one.map((q) => q.competency)).size).toBe(COMPETENCIES.length);
    const two = pickQuestions(bank, {
      count: COMPETENCIES.length * 2,
      exclude: new Set(),
      random: seeded(8),
    });
    for (const n of countBy(two).values()) expect(n).toBe(2);
  });

  it('never returns an excluded id while alternatives exist (property)', () => {
    const allIds = idsOf(bank.questions);
    fc.assert(
      fc.property(
        fc.subarray(allIds),
        fc.integer({ min: 0, max: 12 }),
        fc.integer(),
        fc.option(fc.constantFrom(...COMPETENCIES), { nil: undefined }),
        (excluded, count, seed, competency) => {
          const exclude = new Set(excluded);
          const pool = competency
            ? bank.questions.filter((q) => q.competency === competency)
            : bank.questions;
          const available = pool.filter((q) => !exclude.has(q.id)).length;
          const picked = pickQuestions(bank, { count, exclude, competency, random: seeded(seed) });
          expect(picked).toHaveLength(Math.min(count, pool.length));
          expect(new Set(idsOf(picked)).size).toBe(picked.length);
          const excludedPicked = picked.filter((q) => exclude.has(q.id)).length;
          expect(excludedPicked).toBe(Math.max(0, picked.length - available));
          if (competency) for (const q of picked) expect(q.competency).toBe(competency);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('spreads competencies evenly whenever it picks (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer(), (count, seed) => {
        const counts = [
          ...countBy(pickQuestions(bank, { count, exclude: new Set(), random: seeded(seed) })).values(),
        ];
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('falls back to excluded questions only when the pool runs out', () => {
    const teamwork = bank.questions.filter((q) => q.competency === 'teamwork');
    const exclude = new Set(idsOf(teamwork.slice(0, 4)));
    const picked = pickQuestions(bank, { count: 3, exclude, competency: 'teamwork', random: seeded(3) });
    expect(picked).toHaveLength(3);
    const fresh = picked.filter((q) => !exclude.has(q.id));
    expect(fresh).toHaveLength(2);
    // The fresh ones come first, so a session starts with unseen questions.
    expect(idsOf(picked.slice(0, 2)).every((id) => !exclude.has(id))).toBe(true);
  });

  it('filters by competency', () => {
    const picked = pickQuestions(bank, {
      count: 4,
      exclude: new Set(),
      competency: 'conflict',
      random: seeded(5),
    });
    expect(picked.every((q) => q.competency === 'conflict')).toBe(true);
  });

  it('handles edge counts and odd random functions', () => {
    expect(pickQuestions(bank, { count: 0, exclude: new Set(), random: Math.random })).toEqual([]);
    expect(pickQuestions(bank, { count: -3, exclude: new Set(), random: Math.random })).toEqual([]);
    expect(pickQuestions(bank, { count: 1000, exclude: new Set(), random: seeded(9) })).toHaveLength(
      bank.questions.length,
    );
    for (const r of [() => 0, () => 0.999999, () => 1, () => Number.NaN]) {
      const picked = pickQuestions(bank, { count: 5, exclude: new Set(), random: r });
      expect(new Set(idsOf(picked)).size).toBe(5);
    }
  });

  it('works without an exclude set', () => {
    expect(pickQuestions(bank, { count: 2, random: seeded(11) })).toHaveLength(2);
  });
});
