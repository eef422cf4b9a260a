import { pairCost, trioCost } from './pairing-context.js';
import type { PairingContext } from './pairing-context.js';

/** Above this the subset table (2^n entries) gets too big to be worth it. */
export const EXACT_LIMIT = 16;

/**
 * Optimal grouping of a small pool by dynamic programming over subsets: pairs only when the size is even,
 * exactly one trio when odd. Ties go to the lowest indices, and indices are in seeded order.
 */
export function exactGroups(ctx: PairingContext): number[][] {
  const n = ctx.size;
  if (n > EXACT_LIMIT) throw new RangeError(`Exact pairing supports at most ${EXACT_LIMIT} members`);
  if (n < 2) return [];
  const full = (1 << n) - 1;
  // memo[mask * 2 + needsTrio]: minimal cost to group `mask`; choice remembers the first group taken.
  const memo = new Float64Array((full + 1) * 2).fill(Number.NaN);
  const choice = new Int32Array((full + 1) * 2);
  const cost = (a: number, b: number): number => pairCost(ctx, a, b);

  const solve = (mask: number, needsTrio: number): number => {
    if (mask === 0) return needsTrio === 1 ? Infinity : 0;
    const slot = mask * 2 + needsTrio;
    const known = memo[slot] as number;
    if (!Number.isNaN(known)) return known;
    const i = 31 - Math.clz32(mask & -mask);
    const rest = mask & ~(1 << i);
    let best = Infinity;
    let bestChoice = 0;
    for (let j = i + 1; j < n; j += 1) {
      const bitJ = 1 << j;
      if ((rest & bitJ) === 0) continue;
      const pairTotal = cost(i, j) + solve(rest & ~bitJ, needsTrio);
      if (pairTotal < best) {
        best = pairTotal;
        bestChoice = bitJ;
      }
      if (needsTrio === 0) continue;
      for (let k = j + 1; k < n; k += 1) {
        const bitK = 1 << k;
        if ((rest & bitK) === 0) continue;
        const trioTotal = trioCost(ctx, i, j, k) + solve(rest & ~bitJ & ~bitK, 0);
        if (trioTotal < best) {
          best = trioTotal;
          bestChoice = bitJ | bitK;
        }
      }
    }
    memo[slot] = best;
    choice[slot] = bestChoice;
    return best;
  };

  let needsTrio = n % 2;
  solve(full, needsTrio);
  const groups: number[][] = [];
  let mask = full;
  while (mask !== 0) {
    const i = 31 - Math.clz32(mask & -mask);
    const others = choice[mask * 2 + needsTrio] as number;
    const group = [i];
    for (let j = 0; j < n; j += 1) if ((others & (1 << j)) !== 0) group.push(j);
    if (group.length === 3) needsTrio = 0;
    groups.push(group);
    mask &= ~(1 << i) & ~others;
  }
  return groups;
}
