import { WEEK_MS } from '../time/duration.js';
import { toMillis } from '../time/local-time.js';
import { roundWindow } from './schedule.js';
import type { CheckinSchedule, RoundWindow } from './schedule.js';

/** open = prompt every member, remind = nudge members who have not answered, close = post the summary. */
export type CheckinPhase = 'open' | 'remind' | 'close';

/**
 * A round that has started (its row exists: a tick, send-now or a catch-up began prompting), with the
 * window fixed when it started and when each phase finished. The window is its own: a schedule edited
 * later does not move it.
 */
export interface StartedRound {
  readonly window: RoundWindow;
  /** Every prompt settled (sent, skipped or given up on); null while some are still owed. */
  readonly openedAt: number | null;
  readonly remindedAt: number | null;
  readonly closedAt: number | null;
}

export interface DuePhase {
  readonly roundKey: string;
  readonly phase: CheckinPhase;
  readonly window: RoundWindow;
  /** A close so late (over a week after the round ended) that its summary is no longer news. */
  readonly stale?: boolean;
}

export interface DuePhasesOptions {
  /**
   * When the current schedule took effect. A round of that schedule that opened before it is not started
   * late, so a new or edited schedule waits for its next opening (send-now starts it by hand). Rounds that
   * have started are carried on whatever this says.
   */
  readonly activeSince?: Date | number;
}

/**
 * What the scheduler must run now, in order. Safe to call on every tick and at start-up. Rules:
 * - Every started round that is not closed is carried to its end by its own window, however it started
 *   and whatever the schedule says now: prompts still owed are sent while it is open, the reminder goes
 *   once, and it is closed (summary) at its close. A phase that finished is never returned again.
 * - The schedule's current round is started when it has not been, unless it opened before the schedule
 *   took effect or another round is still open (an edited schedule closes the open round at its own first
 *   opening, so this only waits out rounds recorded otherwise). A round the bot never started (down for the whole week) is neither prompted nor
 *   summarised.
 * - The reminder needs the prompts to have gone out before the reminder time; prompts that went out late
 *   (at or after it) stand in for the reminder.
 */
export function duePhases(
  schedule: CheckinSchedule,
  started: Iterable<StartedRound>,
  now: Date | number,
  options: DuePhasesOptions = {},
): DuePhase[] {
  const nowMs = toMillis(now);
  const rounds = [...started].sort((a, b) => a.window.opensAt.getTime() - b.window.opensAt.getTime());
  const due: DuePhase[] = [];
  for (const round of rounds) {
    const { window } = round;
    if (round.closedAt !== null) continue;
    if (nowMs >= window.closesAt.getTime()) {
      const stale = nowMs - window.closesAt.getTime() > WEEK_MS;
      due.push({ roundKey: window.key, phase: 'close', window, ...(stale ? { stale } : {}) });
    } else if (round.openedAt === null) {
      due.push({ roundKey: window.key, phase: 'open', window });
    } else if (
      nowMs >= window.remindAt.getTime() &&
      round.openedAt < window.remindAt.getTime() &&
      round.remindedAt === null
    ) {
      due.push({ roundKey: window.key, phase: 'remind', window });
    }
  }
  const current = roundWindow(schedule, nowMs);
  const activeSince = options.activeSince === undefined ? undefined : toMillis(options.activeSince);
  const alreadyStarted = rounds.some((round) => round.window.key === current.key);
  // One round at a time: a round of an earlier schedule that is still open keeps members' attention first.
  const stillOpen = rounds.some((r) => r.closedAt === null && nowMs < r.window.closesAt.getTime());
  if (
    !alreadyStarted &&
    !stillOpen &&
    (activeSince === undefined || current.opensAt.getTime() >= activeSince)
  ) {
    due.push({ roundKey: current.key, phase: 'open', window: current });
  }
  return due;
}
