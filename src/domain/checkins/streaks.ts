/** undelivered: the prompt never reached the member (Discord refused it); like a break, it is not their doing. */
export type RoundStatus = 'answered' | 'missed' | 'paused' | 'undelivered';

export interface RoundRecord {
  readonly roundKey: string;
  readonly status: RoundStatus;
}

export interface StreakStats {
  /** Answered rounds in a row up to the latest round, paused rounds skipped. */
  readonly current: number;
  readonly best: number;
  /** Missed rounds in a row up to the latest round, paused rounds skipped. */
  readonly quietRounds: number;
}

/**
 * Streaks over a member's closed rounds, oldest first. A paused or undelivered round freezes both counters: it neither
 * breaks a run nor extends it. Leave the still-open round out unless it is already answered, otherwise it
 * would count as missed.
 */
export function computeStreaks(history: readonly RoundRecord[]): StreakStats {
  let run = 0;
  let best = 0;
  let quiet = 0;
  for (const { status } of history) {
    if (status === 'answered') {
      run += 1;
      best = Math.max(best, run);
      quiet = 0;
    } else if (status === 'missed') {
      run = 0;
      quiet += 1;
    }
  }
  return { current: run, best, quietRounds: quiet };
}
