export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

export interface PoolMember {
  readonly memberId: string;
  /** IANA zone; unknown or invalid zones are treated as "anywhere". */
  readonly timezone?: string;
  readonly level?: Level;
  /** Free text such as "node" or "system design"; compared case-insensitively. */
  readonly focus?: string;
  /** Sat out or was in a trio last time: kept out of the trio whenever possible. */
  readonly priority: boolean;
}

/** A group from an earlier round; a higher `round` is more recent. */
export interface PastGroup {
  readonly round: number;
  readonly memberIds: readonly string[];
}

export interface PairingOptions {
  readonly seed: number;
  /** Instant used to read each member's UTC offset (offsets move with DST). */
  readonly at: Date | number;
  /** Only the groups of the latest N rounds in `history` count as recent; default: all of it. */
  readonly lookbackRounds?: number;
  /** Pools up to this size are solved exactly; larger ones use greedy matching plus repair. Default 12. */
  readonly exactUpTo?: number;
}

export interface PairingResult {
  /** Pairs, plus exactly one trio when the pool size is odd (and at least 3). */
  readonly groups: string[][];
  /** Only ever a lone member: a pool of one cannot be paired. */
  readonly unpaired: string[];
  /** Member pairs inside the groups who already met in the recent history. */
  readonly repeats: number;
}
