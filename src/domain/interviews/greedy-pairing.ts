import { UNKNOWN, focusCost, levelCost, metBefore, offsetCost, pairCost } from './pairing-context.js';
import type { PairingContext } from './pairing-context.js';

export interface GreedyResult {
  readonly pairs: [number, number][];
  /** The member left over when the pool size is odd (the trio candidate), else -1. */
  readonly leftover: number;
}

/**
 * Members with the same UTC offset and level share a bucket, split further by focus. Everyone in a list
 * has the same soft cost towards a given member, so only their shared history (repeats) tells them apart.
 */
interface Buckets {
  readonly bucketOf: Int32Array;
  readonly offsets: number[];
  readonly levels: number[];
  /** bucket → focus id → list id */
  readonly focusLists: Map<number, number>[];
  readonly counts: number[];
  readonly lists: number[][];
  readonly listOf: Int32Array;
  readonly position: Int32Array;
}

function buildBuckets(ctx: PairingContext): Buckets {
  const n = ctx.size;
  const bucketIds = new Map<string, number>();
  const buckets: Buckets = {
    bucketOf: new Int32Array(n),
    offsets: [],
    levels: [],
    focusLists: [],
    counts: [],
    lists: [],
    listOf: new Int32Array(n),
    position: new Int32Array(n),
  };
  for (let m = 0; m < n; m += 1) {
    const offset = ctx.offset[m] as number;
    const level = ctx.level[m] as number;
    const key = `${offset}|${level}`;
    let bucket = bucketIds.get(key);
    if (bucket === undefined) {
      bucket = buckets.offsets.length;
      bucketIds.set(key, bucket);
      buckets.offsets.push(offset);
      buckets.levels.push(level);
      buckets.focusLists.push(new Map());
      buckets.counts.push(0);
    }
    buckets.bucketOf[m] = bucket;
    buckets.counts[bucket] = (buckets.counts[bucket] as number) + 1;
    const byFocus = buckets.focusLists[bucket] as Map<number, number>;
    const focus = ctx.focus[m] as number;
    let listId = byFocus.get(focus);
    if (listId === undefined) {
      listId = buckets.lists.length;
      byFocus.set(focus, listId);
      buckets.lists.push([]);
    }
    const list = buckets.lists[listId] as number[];
    buckets.listOf[m] = listId;
    buckets.position[m] = list.length;
    list.push(m);
  }
  return buckets;
}

function removeMember(buckets: Buckets, member: number): void {
  const list = buckets.lists[buckets.listOf[member] as number] as number[];
  const at = buckets.position[member] as number;
  const last = list.pop() as number;
  if (last !== member) {
    list[at] = last;
    buckets.position[last] = at;
  }
  const bucket = buckets.bucketOf[member] as number;
  buckets.counts[bucket] = (buckets.counts[bucket] as number) - 1;
}

function baseCost(buckets: Buckets, a: number, b: number): number {
  return (
    offsetCost(buckets.offsets[a] as number, buckets.offsets[b] as number) +
    levelCost(buckets.levels[a] as number, buckets.levels[b] as number)
  );
}

/**
 * Greedy matching: the most constrained members choose first (priority members, then members of rare
 * buckets, then those with the most past partners), each taking the cheapest free partner. Buckets are
 * visited cheapest first and the search stops once no remaining bucket can beat the best found, so a
 * typical choice looks at a handful of candidates rather than the whole pool.
 */
export function greedyPairs(ctx: PairingContext): GreedyResult {
  const n = ctx.size;
  const buckets = buildBuckets(ctx);
  const bucketCount = buckets.offsets.length;
  const initialCounts = [...buckets.counts];
  const orderCache = new Map<number, number[]>();
  const bucketOrder = (from: number): number[] => {
    let order = orderCache.get(from);
    if (order === undefined) {
      const costs = Array.from({ length: bucketCount }, (_, b) => baseCost(buckets, from, b));
      order = Array.from({ length: bucketCount }, (_, b) => b).sort(
        (a, b) => (costs[a] as number) - (costs[b] as number) || a - b,
      );
      orderCache.set(from, order);
    }
    return order;
  };

  const bestPartner = (u: number): number => {
    const from = buckets.bucketOf[u] as number;
    const focus = ctx.focus[u] as number;
    const focusFloor = focus === UNKNOWN ? focusCost(UNKNOWN, UNKNOWN) : 0;
    let best = -1;
    let bestCost = Infinity;
    const scanList = (listId: number | undefined, listCost: number): void => {
      if (listId === undefined || bestCost <= listCost) return;
      for (const v of buckets.lists[listId] as number[]) {
        if (!metBefore(ctx, u, v)) {
          best = v;
          bestCost = listCost;
          return;
        }
        const cost = pairCost(ctx, u, v);
        if (cost < bestCost) {
          best = v;
          bestCost = cost;
        }
      }
    };
    for (const bucket of bucketOrder(from)) {
      if (buckets.counts[bucket] === 0) continue;
      const base = baseCost(buckets, from, bucket);
      if (bestCost <= base + focusFloor) break;
      const byFocus = buckets.focusLists[bucket] as Map<number, number>;
      // Same focus first, then unknown focus, then the rest: cheapest lists first.
      if (focus !== UNKNOWN) scanList(byFocus.get(focus), base);
      scanList(byFocus.get(UNKNOWN), base + focusCost(focus, UNKNOWN));
      for (const [otherFocus, listId] of byFocus) {
        if (otherFocus === UNKNOWN || otherFocus === focus) continue;
        scanList(listId, base + focusCost(focus, otherFocus));
      }
    }
    return best;
  };

  const degree = (m: number): number => ctx.partners.degree[m] as number;
  const order = Array.from({ length: n }, (_, m) => m).sort(
    (a, b) =>
      (ctx.priority[b] as number) - (ctx.priority[a] as number) ||
      (initialCounts[buckets.bucketOf[a] as number] as number) -
        (initialCounts[buckets.bucketOf[b] as number] as number) ||
      degree(b) - degree(a) ||
      a - b,
  );

  const taken = new Uint8Array(n);
  const pairs: [number, number][] = [];
  let leftover = -1;
  for (const u of order) {
    if (taken[u] === 1) continue;
    taken[u] = 1;
    removeMember(buckets, u);
    const v = bestPartner(u);
    if (v === -1) {
      leftover = u;
      continue;
    }
    taken[v] = 1;
    removeMember(buckets, v);
    pairs.push([u, v]);
  }
  return { pairs, leftover };
}
