import type { PastGroup } from './pairing-types.js';

/** Larger past groups are rejected as malformed history. */
export const MAX_PAST_GROUP_SIZE = 8;

/** Highest recency rank; older rounds beyond this many share rank 1. */
export const MAX_RECENCY_RANK = 999;

/** The groups of the latest `lookbackRounds` rounds (all groups when undefined). */
export function recentGroups(history: readonly PastGroup[], lookbackRounds?: number): readonly PastGroup[] {
  if (lookbackRounds === undefined || history.length === 0) return history;
  let latest = -Infinity;
  for (const group of history) latest = Math.max(latest, group.round);
  return history.filter((group) => group.round > latest - lookbackRounds);
}

/**
 * Who already met whom, by member index, and how recently: rank 1 = the oldest round considered, higher =
 * more recent, 0 = never met. An open-addressing hash table over typed arrays, because a year of history for
 * 10,000 members is about 260,000 pairs and a Map per member was the slowest part of pairing.
 */
export class PartnerHistory {
  /** Number of distinct past partners per member. */
  readonly degree: Int32Array;
  private readonly low: Int32Array;
  private readonly high: Int32Array;
  private readonly ranks: Int32Array;
  private readonly mask: number;

  constructor(size: number, maxPairs: number) {
    let capacity = 16;
    while (capacity < maxPairs * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.low = new Int32Array(capacity).fill(-1);
    this.high = new Int32Array(capacity);
    this.ranks = new Int32Array(capacity);
    this.degree = new Int32Array(size);
  }

  private slot(low: number, high: number): number {
    // murmur3's finaliser: member indices are small consecutive integers and need mixing into the low bits.
    let hash = Math.imul(low, 0x9e3779b1) + high;
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    let slot = (hash ^ (hash >>> 16)) & this.mask;
    for (;;) {
      const stored = this.low[slot] as number;
      if (stored === -1 || (stored === low && this.high[slot] === high)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Records that a and b met in a round of the given rank, keeping the most recent rank. */
  add(a: number, b: number, rank: number): void {
    const low = Math.min(a, b);
    const high = Math.max(a, b);
    const slot = this.slot(low, high);
    if (this.low[slot] === -1) {
      this.low[slot] = low;
      this.high[slot] = high;
      this.degree[low] = (this.degree[low] as number) + 1;
      this.degree[high] = (this.degree[high] as number) + 1;
    }
    if ((this.ranks[slot] as number) < rank) this.ranks[slot] = rank;
  }

  /** 0 when a and b never met, else the recency rank of their latest meeting. */
  rank(a: number, b: number): number {
    const low = a < b ? a : b;
    const high = a < b ? b : a;
    return this.ranks[this.slot(low, high)] as number;
  }

  met(a: number, b: number): boolean {
    return this.rank(a, b) !== 0;
  }
}

export function buildPartnerHistory(
  history: readonly PastGroup[],
  indexOf: ReadonlyMap<string, number>,
  size: number,
  lookbackRounds?: number,
): PartnerHistory {
  const groups = recentGroups(history, lookbackRounds);
  const rounds = [...new Set(groups.map((group) => group.round))].sort((a, b) => a - b);
  const rankOf = new Map<number, number>();
  rounds.forEach((round, position) => {
    rankOf.set(round, Math.max(1, MAX_RECENCY_RANK - (rounds.length - 1 - position)));
  });

  let maxPairs = 0;
  let largestGroup = 0;
  for (const group of groups) {
    const groupSize = group.memberIds.length;
    // History is pairs and trios; a huge "group" would be a bug upstream and cost quadratic memory here.
    if (groupSize > MAX_PAST_GROUP_SIZE) {
      throw new RangeError(
        `A past group of ${groupSize} members in round ${group.round}; expected pairs or trios`,
      );
    }
    maxPairs += (groupSize * (groupSize - 1)) / 2;
    largestGroup = Math.max(largestGroup, groupSize);
  }
  const partners = new PartnerHistory(size, maxPairs);
  const members = new Int32Array(largestGroup);
  for (const group of groups) {
    const rank = rankOf.get(group.round) ?? 1;
    let count = 0;
    for (const id of group.memberIds) {
      const index = indexOf.get(id);
      if (index !== undefined) members[count++] = index;
    }
    for (let i = 0; i < count; i += 1) {
      for (let j = i + 1; j < count; j += 1) {
        const a = members[i] as number;
        const b = members[j] as number;
        if (a !== b) partners.add(a, b, rank);
      }
    }
  }
  return partners;
}

/** Member pairs inside `groups` who already met in `history` (pairs, so a trio can add up to 3). */
export function countRepeats(
  groups: readonly (readonly string[])[],
  history: readonly PastGroup[],
  lookbackRounds?: number,
): number {
  const met = new Set<string>();
  const key = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  for (const group of recentGroups(history, lookbackRounds)) {
    for (let i = 0; i < group.memberIds.length; i += 1) {
      for (let j = i + 1; j < group.memberIds.length; j += 1) {
        const a = group.memberIds[i] as string;
        const b = group.memberIds[j] as string;
        if (a !== b) met.add(key(a, b));
      }
    }
  }
  let repeats = 0;
  for (const group of groups) {
    for (let i = 0; i < group.length; i += 1) {
      for (let j = i + 1; j < group.length; j += 1) {
        if (met.has(key(group[i] as string, group[j] as string))) repeats += 1;
      }
    }
  }
  return repeats;
}
