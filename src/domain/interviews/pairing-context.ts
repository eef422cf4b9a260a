import { isValidZone, zoneOffsetMinutes } from '../time/zones.js';
import { buildPartnerHistory } from './partner-history.js';
import type { PartnerHistory } from './partner-history.js';
import { LEVELS } from './pairing-types.js';
import type { PastGroup, PoolMember } from './pairing-types.js';

// Costs are added up, so their scales encode priorities: any repeat outweighs any recency difference,
// which outweighs a priority member in the trio, which outweighs any sum of soft preferences.
export const REPEAT_COST = 1e9;
export const RECENCY_COST = 1e5;
export const PRIORITY_IN_TRIO_COST = 1e4;

const TZ_COST_PER_HOUR = 1;
const LEVEL_COST_PER_STEP = 2;
const FOCUS_MISMATCH_COST = 2;
// Unknown attributes cost a little so that a known good match is preferred, but far less than a bad one.
const UNKNOWN_TZ_COST = 3;
const UNKNOWN_LEVEL_COST = 1;
const UNKNOWN_FOCUS_COST = 1;

export const UNKNOWN = -1;
const NO_OFFSET = 1e6;

/** Members by index with their attributes as numbers, so costs are cheap to compute at 10,000 members. */
export interface PairingContext {
  readonly size: number;
  readonly ids: readonly string[];
  readonly priority: Uint8Array;
  /** UTC offset in minutes, or NO_OFFSET when unknown. */
  readonly offset: Float64Array;
  readonly level: Int8Array;
  readonly focus: Int32Array;
  readonly partners: PartnerHistory;
}

export function buildPairingContext(
  members: readonly PoolMember[],
  history: readonly PastGroup[],
  at: Date | number,
  lookbackRounds?: number,
): PairingContext {
  const size = members.length;
  const indexOf = new Map<string, number>();
  const offsets = new Map<string, number>();
  const focusIds = new Map<string, number>();
  const priority = new Uint8Array(size);
  const offset = new Float64Array(size);
  const level = new Int8Array(size);
  const focus = new Int32Array(size);

  members.forEach((member, index) => {
    if (indexOf.has(member.memberId)) throw new RangeError(`Member ${member.memberId} is in the pool twice`);
    indexOf.set(member.memberId, index);
    priority[index] = member.priority ? 1 : 0;

    const zone = member.timezone;
    let minutes = zone === undefined ? NO_OFFSET : offsets.get(zone);
    if (minutes === undefined && zone !== undefined) {
      minutes = isValidZone(zone) ? zoneOffsetMinutes(zone, at) : NO_OFFSET;
      offsets.set(zone, minutes);
    }
    offset[index] = minutes ?? NO_OFFSET;

    level[index] = member.level === undefined ? UNKNOWN : LEVELS.indexOf(member.level);

    const focusText = member.focus?.trim().toLowerCase() ?? '';
    if (focusText === '') {
      focus[index] = UNKNOWN;
    } else {
      let id = focusIds.get(focusText);
      if (id === undefined) {
        id = focusIds.size;
        focusIds.set(focusText, id);
      }
      focus[index] = id;
    }
  });

  return {
    size,
    ids: members.map((member) => member.memberId),
    priority,
    offset,
    level,
    focus,
    partners: buildPartnerHistory(history, indexOf, size, lookbackRounds),
  };
}

export function hasOffset(minutes: number): boolean {
  return minutes !== NO_OFFSET;
}

/** Clock distance in hours, wrapping around the date line: UTC+14 and UTC−10 are 0 hours apart. */
export function offsetCost(a: number, b: number): number {
  if (!hasOffset(a) || !hasOffset(b)) return UNKNOWN_TZ_COST;
  const hours = Math.abs(a - b) / 60;
  return Math.min(hours, 24 - hours) * TZ_COST_PER_HOUR;
}

export function levelCost(a: number, b: number): number {
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN_LEVEL_COST;
  return Math.abs(a - b) * LEVEL_COST_PER_STEP;
}

export function focusCost(a: number, b: number): number {
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN_FOCUS_COST;
  return a === b ? 0 : FOCUS_MISMATCH_COST;
}

export function softCost(ctx: PairingContext, a: number, b: number): number {
  return (
    offsetCost(ctx.offset[a] as number, ctx.offset[b] as number) +
    levelCost(ctx.level[a] as number, ctx.level[b] as number) +
    focusCost(ctx.focus[a] as number, ctx.focus[b] as number)
  );
}

export function metBefore(ctx: PairingContext, a: number, b: number): boolean {
  return ctx.partners.met(a, b);
}

/** Cost of putting a and b in the same group. */
export function pairCost(ctx: PairingContext, a: number, b: number): number {
  const rank = ctx.partners.rank(a, b);
  const repeat = rank === 0 ? 0 : REPEAT_COST + rank * RECENCY_COST;
  return repeat + softCost(ctx, a, b);
}

export function trioCost(ctx: PairingContext, a: number, b: number, c: number): number {
  const priorities = (ctx.priority[a] as number) + (ctx.priority[b] as number) + (ctx.priority[c] as number);
  return pairCost(ctx, a, b) + pairCost(ctx, a, c) + pairCost(ctx, b, c) + priorities * PRIORITY_IN_TRIO_COST;
}

export function groupRepeats(ctx: PairingContext, group: readonly number[]): number {
  let repeats = 0;
  for (let i = 0; i < group.length; i += 1) {
    for (let j = i + 1; j < group.length; j += 1) {
      if (metBefore(ctx, group[i] as number, group[j] as number)) repeats += 1;
    }
  }
  return repeats;
}
