import { BlossomSearch, searchBudget } from './blossom.js';
import type { SearchBudget } from './blossom.js';
import { metBefore, pairCost } from './pairing-context.js';
import type { PairingContext } from './pairing-context.js';

/** Default work cap for augmenting-path searches, so a pathological pool cannot stall the bot. */
export const DEFAULT_REPAIR_BUDGET = 50_000_000;

const SWAP_PASSES = 3;

function isRepeat(ctx: PairingContext, pair: readonly [number, number]): boolean {
  return metBefore(ctx, pair[0], pair[1]);
}

/**
 * For each pair of people who already met, try re-pairing them with another pair (x,y)+(c,d) →
 * (x,c)+(y,d) or (x,d)+(y,c), taking the cheapest swap that lowers the total cost. Cheap and keeps
 * soft preferences in view; it fixes most repeats a greedy pass leaves behind.
 */
export function swapOutRepeats(ctx: PairingContext, pairs: [number, number][]): void {
  for (let pass = 0; pass < SWAP_PASSES; pass += 1) {
    let improved = false;
    for (let i = 0; i < pairs.length; i += 1) {
      const pair = pairs[i] as [number, number];
      if (!isRepeat(ctx, pair)) continue;
      const [x, y] = pair;
      const own = pairCost(ctx, x, y);
      let bestDelta = 0;
      let bestJ = -1;
      let bestCross = false;
      for (let j = 0; j < pairs.length; j += 1) {
        if (j === i) continue;
        const [c, d] = pairs[j] as [number, number];
        const before = own + pairCost(ctx, c, d);
        const straight = pairCost(ctx, x, c) + pairCost(ctx, y, d) - before;
        const cross = pairCost(ctx, x, d) + pairCost(ctx, y, c) - before;
        if (straight < bestDelta) {
          bestDelta = straight;
          bestJ = j;
          bestCross = false;
        }
        if (cross < bestDelta) {
          bestDelta = cross;
          bestJ = j;
          bestCross = true;
        }
      }
      if (bestJ === -1) continue;
      const [c, d] = pairs[bestJ] as [number, number];
      pairs[i] = bestCross ? [x, d] : [x, c];
      pairs[bestJ] = bestCross ? [y, c] : [y, d];
      improved = true;
    }
    if (!improved) return;
  }
}

/**
 * Maximum matching on the "never met" graph, started from the current pairs minus the repeats (Edmonds'
 * blossom algorithm). Endpoints of repeat pairs are the free members; each augmenting path found removes a
 * repeat, and when none exists from a member its repeat is unavoidable. Whoever stays free is paired with
 * the least recent partner available.
 */
export function augmentAwayRepeats(
  ctx: PairingContext,
  pairs: readonly [number, number][],
  excluded: number,
  budget: SearchBudget = searchBudget(DEFAULT_REPAIR_BUDGET),
): [number, number][] {
  const match = new Int32Array(ctx.size).fill(-1);
  const free: number[] = [];
  for (const pair of pairs) {
    if (isRepeat(ctx, pair)) {
      free.push(pair[0], pair[1]);
    } else {
      match[pair[0]] = pair[1];
      match[pair[1]] = pair[0];
    }
  }
  if (free.length === 0) return pairs.map(([a, b]) => [a, b]);
  const excludedFlags = new Uint8Array(ctx.size);
  if (excluded !== -1) excludedFlags[excluded] = 1;
  const search = new BlossomSearch(ctx, match, excludedFlags, budget);
  // Someone who already met the whole pool can end no path; without another reachable free member a
  // search would only walk the entire pool for nothing.
  const metEveryone = (m: number): boolean => (ctx.partners.degree[m] as number) >= ctx.size - 1;
  for (const root of free) {
    if (metEveryone(root)) continue;
    const target = free.some((m) => m !== root && match[m] === -1 && !metEveryone(m));
    if (target) search.augment(root);
  }

  const result: [number, number][] = [];
  const unmatched: number[] = [];
  for (const pair of pairs) {
    for (const m of pair) {
      const mate = match[m] as number;
      if (mate === -1) unmatched.push(m);
      else if (m < mate) result.push([m, mate]);
    }
  }
  result.push(...pairLeastCostly(ctx, unmatched));
  return result;
}

function pairLeastCostly(ctx: PairingContext, members: readonly number[]): [number, number][] {
  const left = [...members];
  const pairs: [number, number][] = [];
  while (left.length >= 2) {
    const u = left.shift() as number;
    let bestIndex = 0;
    let bestCost = Infinity;
    left.forEach((v, index) => {
      const cost = pairCost(ctx, u, v);
      if (cost < bestCost) {
        bestCost = cost;
        bestIndex = index;
      }
    });
    const [v] = left.splice(bestIndex, 1);
    pairs.push([u, v as number]);
  }
  return pairs;
}
