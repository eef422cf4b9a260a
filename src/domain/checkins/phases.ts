import { toMillis } from '../time/local-time.js';
import { previousRoundWindow, roundWindow } from './schedule.js';
import type { CheckinSchedule, RoundWindow } from './schedule.js';

/** open = post the prompt, remind = nudge members who have not answered, close = post the summary. */
export type CheckinPhase = 'open' | 'remind' | 'close';

/** A phase that has actually run, as the scheduler records it. */
export interface PhaseRecord {
  readonly roundKey: string;
  readonly phase: CheckinPhase;
  readonly at: Date | number;
}

export interface DuePhase {
  readonly roundKey: string;
  readonly phase: CheckinPhase;
  readonly window: RoundWindow;
}

export interface DuePhasesOptions {
  /**
   * When the current schedule took effect. A round that opened before it is not prompted late, so a
   * new or edited schedule waits for its next opening instead of prompting mid-week.
   */
  readonly activeSince?: Date | number;
}

/**
 * What the scheduler must run now, in order, given the phases already run. Safe to call on every tick
 * and at start-up; it only looks at the previous and the current round. Rules:
 * - A phase that ran is never returned again (record each phase right after running it).
 * - close(previous) is owed only if that round was opened: a round the bot never prompted (down for the
 *   whole week) has no answers, so it gets no summary. Rounds older than the previous one are dropped.
 * - open(current) is returned whenever it has not run: after downtime the bot prompts late while the
 *   round is still open. A closed round is never prompted or reminded.
 * - remind(current) needs the prompt to have gone out before the reminder time; a prompt posted late
 *   (at or after the reminder time) stands in for the reminder.
 */
export function duePhases(
  schedule: CheckinSchedule,
  done: Iterable<PhaseRecord>,
  now: Date | number,
  options: DuePhasesOptions = {},
): DuePhase[] {
  const nowMs = toMillis(now);
  const current = roundWindow(schedule, nowMs);
  const previous = previousRoundWindow(schedule, current);

  const ranAt = new Map<string, number>();
  for (const record of done) {
    const id = `${record.roundKey}|${record.phase}`;
    const at = toMillis(record.at);
    const seen = ranAt.get(id);
    if (seen === undefined || at < seen) ranAt.set(id, at);
  }
  const whenRan = (window: RoundWindow, phase: CheckinPhase): number | undefined =>
    ranAt.get(`${window.key}|${phase}`);

  const due: DuePhase[] = [];
  if (whenRan(previous, 'open') !== undefined && whenRan(previous, 'close') === undefined) {
    due.push({ roundKey: previous.key, phase: 'close', window: previous });
  }

  const openedAt = whenRan(current, 'open');
  const activeSince = options.activeSince === undefined ? undefined : toMillis(options.activeSince);
  if (openedAt === undefined) {
    if (activeSince === undefined || current.opensAt.getTime() >= activeSince) {
      due.push({ roundKey: current.key, phase: 'open', window: current });
    }
  } else if (
    nowMs >= current.remindAt.getTime() &&
    openedAt < current.remindAt.getTime() &&
    whenRan(current, 'remind') === undefined
  ) {
    due.push({ roundKey: current.key, phase: 'remind', window: current });
  }
  return due;
}
