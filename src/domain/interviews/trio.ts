import { BlossomSearch } from './blossom.js';
import type { SearchBudget } from './blossom.js';
import { groupRepeats, metBefore, pairCost, PRIORITY_IN_TRIO_COST, trioCost } from './pairing-context.js';
import type { PairingContext } from './pairing-context.js';

export interface Grouping {
  readonly groups: number[][];
  readonly cost: number;
  readonly repeats: number;
  readonly trioRepeats: number;
  readonly trioPriority: number;
}

const TRIO_PASSES = 3;

type Trio = [number, number, number];

export function groupingCost(ctx: PairingContext, groups: readonly (readonly number[])[]): number {
  let cost = 0;
  for (const group of groups) {
    const [a = 0, b = 0, c] = group;
    cost += c === undefined ? pairCost(ctx, a, b) : trioCost(ctx, a, b, c);
  }
  return cost;
}

function describe(ctx: PairingContext, groups: number[][], trio: readonly number[]): Grouping {
  return {
    groups,
    cost: groupingCost(ctx, groups),
    repeats: groups.reduce((sum, group) => sum + groupRepeats(ctx, group), 0),
    trioRepeats: groupRepeats(ctx, trio),
    trioPriority: trio.reduce((sum, m) => sum + (ctx.priority[m] as number), 0),
  };
}

/**
 * Adds `member` (left out of `pairs`) to one pair to make the round's trio. Tries, in order of cost:
 * the cheapest pair, then swaps with other pairs, then — if the trio still repeats a partner or holds a
 * priority member it need not — re-pairs the rest so that two of the member's never-met partners who have
 * not met each other either become free to join them (an alternating-path search).
 */
export function formTrio(
  ctx: PairingContext,
  pairs: readonly [number, number][],
  member: number,
  fewestPriority: number,
  budget: SearchBudget,
): Grouping {
  let best = insertIntoCheapestPair(ctx, pairs, member);
  const isClean = (grouping: Grouping): boolean =>
    grouping.trioRepeats === 0 && grouping.trioPriority <= fewestPriority;
  if (isClean(best)) return best;

  const n = ctx.size;
  const baseMatch = new Int32Array(n).fill(-1);
  for (const [a, b] of pairs) {
    baseMatch[a] = b;
    baseMatch[b] = a;
  }
  const neighbours: number[] = [];
  for (let m = 0; m < n; m += 1) {
    if (m !== member && baseMatch[m] !== -1 && !metBefore(ctx, member, m)) neighbours.push(m);
  }
  neighbours.sort((a, b) => (ctx.priority[a] as number) - (ctx.priority[b] as number) || a - b);

  const trial = new Int32Array(n);
  const excluded = new Uint8Array(n);
  const search = new BlossomSearch(ctx, trial, excluded, budget);
  for (let i = 0; i < neighbours.length; i += 1) {
    for (let j = i + 1; j < neighbours.length; j += 1) {
      if (budget.spent > budget.limit) return best;
      const a = neighbours[i] as number;
      const b = neighbours[j] as number;
      if (baseMatch[a] === b || metBefore(ctx, a, b)) continue;
      const mateOfA = baseMatch[a] as number;
      const mateOfB = baseMatch[b] as number;
      trial.set(baseMatch);
      trial[mateOfA] = -1;
      trial[mateOfB] = -1;
      trial[a] = b;
      trial[b] = a;
      excluded[member] = 1;
      excluded[a] = 1;
      excluded[b] = 1;
      // The mates a and b leave behind must find new partners among everyone else.
      const found = search.augment(mateOfA);
      excluded[member] = 0;
      excluded[a] = 0;
      excluded[b] = 0;
      if (!found) continue;
      const groups: number[][] = [];
      for (let m = 0; m < n; m += 1) {
        const mate = trial[m] as number;
        if (m !== a && m !== b && mate > m) groups.push([m, mate]);
      }
      const trio = [a, b, member];
      groups.push(trio);
      const option = describe(ctx, groups, trio);
      if (option.cost < best.cost) best = option;
      if (isClean(best)) return best;
    }
  }
  return best;
}

function insertIntoCheapestPair(
  ctx: PairingContext,
  pairs: readonly [number, number][],
  member: number,
): Grouping {
  let bestIndex = -1;
  let bestExtra = Infinity;
  pairs.forEach(([a, b], index) => {
    const priorities = (ctx.priority[a] as number) + (ctx.priority[b] as number);
    const extra = pairCost(ctx, member, a) + pairCost(ctx, member, b) + priorities * PRIORITY_IN_TRIO_COST;
    if (extra < bestExtra) {
      bestExtra = extra;
      bestIndex = index;
    }
  });
  const groups = pairs.map((pair) => [...pair]);
  const trio = groups[bestIndex];
  if (trio === undefined) return describe(ctx, groups, []);
  trio.push(member);
  improveTrio(ctx, groups, bestIndex);
  return describe(ctx, groups, trio);
}

/**
 * Swaps trio members with members of pairs while that lowers the cost: moves priority members out of the
 * trio (into the pair the swapped-in member leaves) and removes trio repeats.
 */
function improveTrio(ctx: PairingContext, groups: number[][], trioIndex: number): void {
  for (let pass = 0; pass < TRIO_PASSES; pass += 1) {
    const trio = groups[trioIndex] as Trio;
    const current = trioCost(ctx, ...trio);
    let best = { delta: 0, slot: -1, pairIndex: -1, side: 0 };
    groups.forEach((group, pairIndex) => {
      if (pairIndex === trioIndex) return;
      const pair = group as [number, number];
      const pairNow = pairCost(ctx, pair[0], pair[1]);
      for (let slot = 0; slot < 3; slot += 1) {
        for (let side = 0; side < 2; side += 1) {
          const incoming = pair[side] as number;
          const outgoing = trio[slot] as number;
          const nextTrio = [...trio] as Trio;
          nextTrio[slot] = incoming;
          const delta =
            trioCost(ctx, ...nextTrio) +
            pairCost(ctx, outgoing, pair[1 - side] as number) -
            current -
            pairNow;
          if (delta < best.delta) best = { delta, slot, pairIndex, side };
        }
      }
    });
    if (best.slot === -1) return;
    const pair = groups[best.pairIndex] as [number, number];
    const outgoing = trio[best.slot] as number;
    trio[best.slot] = pair[best.side] as number;
    pair[best.side] = outgoing;
  }
}
