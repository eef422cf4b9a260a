import { exactGroups, EXACT_LIMIT } from './exact-pairing.js';
import { greedyPairs } from './greedy-pairing.js';
import { searchBudget } from './blossom.js';
import type { SearchBudget } from './blossom.js';
import { buildPairingContext, groupRepeats, metBefore } from './pairing-context.js';
import type { PairingContext } from './pairing-context.js';
import type { PairingOptions, PairingResult, PastGroup, PoolMember } from './pairing-types.js';
import { mulberry32, shuffled } from './random.js';
import { augmentAwayRepeats, swapOutRepeats } from './repeat-repair.js';
import { formTrio } from './trio.js';
import type { Grouping } from './trio.js';

export const DEFAULT_EXACT_UP_TO = 12;

/**
 * Pairs a pool for one round of mock interviews, deterministically for a given seed.
 *
 * Priorities, strongest first: (1) as few repeats of past partners as possible, (2) unavoidable repeats
 * with the least recent partners, (3) priority members out of the trio, (4) close UTC offsets, similar
 * level and same focus. An odd pool gets exactly one trio; a pool of one is reported as unpaired.
 * Small pools are solved exactly; large ones greedily, then repaired (swaps, then augmenting paths), which
 * handles 10,000 members with a year of history well within a second.
 */
export function pairMembers(
  pool: readonly PoolMember[],
  history: readonly PastGroup[],
  options: PairingOptions,
): PairingResult {
  // The seed only decides tie-breaks: members are shuffled once and every later choice is stable.
  const members = shuffled(pool, mulberry32(options.seed));
  const ctx = buildPairingContext(members, history, options.at, options.lookbackRounds);
  if (ctx.size === 1) return { groups: [], unpaired: [...ctx.ids], repeats: 0 };

  const exactUpTo = Math.min(options.exactUpTo ?? DEFAULT_EXACT_UP_TO, EXACT_LIMIT);
  const groups = ctx.size <= exactUpTo ? exactGroups(ctx) : heuristicGroups(ctx);
  return {
    groups: groups.map((group) => group.map((m) => ctx.ids[m] as string)),
    unpaired: [],
    repeats: groups.reduce((sum, group) => sum + groupRepeats(ctx, group), 0),
  };
}

/** How many other members may be tried as the trio's third when the first choice forces a repeat. */
const TRIO_CANDIDATES = 64;
const TRIO_CANDIDATES_LARGE_POOL = 8;
const LARGE_POOL = 2000;
/** Candidate edges the augmenting-path searches may look at in one call. */
const SEARCH_BUDGET = 50_000_000;

function heuristicGroups(ctx: PairingContext): number[][] {
  // One work budget for every search in this call keeps the worst case bounded (about half a second).
  const budget = searchBudget(SEARCH_BUDGET);
  const { pairs, leftover } = greedyPairs(ctx);
  const base = repairPairs(ctx, pairs, leftover, budget);
  if (leftover === -1) return base.map((pair) => [...pair]);

  let nonPriority = 0;
  let metEveryone = 0;
  for (let m = 0; m < ctx.size; m += 1) {
    if (ctx.priority[m] === 0) nonPriority += 1;
    if ((ctx.partners.degree[m] as number) >= ctx.size - 1) metEveryone += 1;
  }
  const fewestPriority = Math.max(0, 3 - nonPriority);
  // Members who already met the whole pool force repeats (two of them at best share one): a grouping that
  // reaches this bound cannot be beaten on repeats, so there is no point searching further.
  const fewestRepeats = Math.ceil(metEveryone / 2);
  const isClean = (grouping: Grouping): boolean =>
    grouping.repeats <= fewestRepeats && grouping.trioPriority <= fewestPriority;

  let best = formTrio(ctx, base, leftover, fewestPriority, budget);
  if (isClean(best)) return best.groups;
  // A repeat or an avoidable priority member in the trio remains: which member is left over to join a pair
  // decides what the others can do, so let others be the third instead, least constrained first.
  const candidates = Array.from({ length: ctx.size }, (_, m) => m)
    .filter((m) => m !== leftover)
    .sort(
      (a, b) =>
        (ctx.priority[a] as number) - (ctx.priority[b] as number) ||
        (ctx.partners.degree[a] as number) - (ctx.partners.degree[b] as number) ||
        a - b,
    )
    .slice(0, ctx.size > LARGE_POOL ? TRIO_CANDIDATES_LARGE_POOL : TRIO_CANDIDATES);
  for (const candidate of candidates) {
    if (budget.spent > budget.limit) break;
    // The candidate steps out of its pair and the old leftover takes its place.
    const swapped = base.map(([a, b]): [number, number] =>
      a === candidate ? [leftover, b] : b === candidate ? [a, leftover] : [a, b],
    );
    const repaired = repairPairs(ctx, swapped, candidate, budget);
    const option = formTrio(ctx, repaired, candidate, fewestPriority, budget);
    if (option.cost < best.cost) best = option;
    if (isClean(best)) break;
  }
  return best.groups;
}

/** Pairs everyone but `excluded` with as few repeats as the repair steps can reach. */
function repairPairs(
  ctx: PairingContext,
  greedy: readonly [number, number][],
  excluded: number,
  budget: SearchBudget,
): [number, number][] {
  const pairs = greedy.map((pair): [number, number] => [pair[0], pair[1]]);
  swapOutRepeats(ctx, pairs);
  if (!pairs.some(([a, b]) => metBefore(ctx, a, b))) return pairs;
  const augmented = augmentAwayRepeats(ctx, pairs, excluded, budget);
  // Re-pairing can leave soft costs or unavoidable repeats (recency) worse than they need be.
  swapOutRepeats(ctx, augmented);
  return augmented;
}
