import { describe, expect, it } from 'vitest';
import { duePhases } from '../../src/domain/checkins/phases.js';
import type { DuePhase, DuePhasesOptions, StartedRound } from '../../src/domain/checkins/phases.js';
import { roundWindowByKey, type CheckinSchedule } from '../../src/domain/checkins/schedule.js';

const schedule: CheckinSchedule = {
  weekday: 'monday',
  time: '09:00',
  timezone: 'Europe/Paris',
  reminderLeadHours: 24,
};
// Round 2026-11-16 opens 08:00Z, reminds 2026-11-22T08:00Z, closes 2026-11-23T08:00Z.
const OPEN = Date.parse('2026-11-16T08:00:00Z');
const REMIND = Date.parse('2026-11-22T08:00:00Z');
const CLOSE = Date.parse('2026-11-23T08:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const brief = (due: DuePhase[]): string[] => due.map((d) => `${d.phase}:${d.roundKey}`);

/** A round of `schedule` (by its opening date) that started, with the phases that finished and when. */
function round(
  key: string,
  done: { opened?: number; reminded?: number; closed?: number } = {},
  of: CheckinSchedule = schedule,
): StartedRound {
  const window = roundWindowByKey(of, key);
  if (!window) throw new Error(`${key} is not an opening date`);
  return {
    window,
    openedAt: done.opened ?? null,
    remindedAt: done.reminded ?? null,
    closedAt: done.closed ?? null,
  };
}

/** Simulates a scheduler that ticks at each instant and records what it ran, as the rows would. */
function simulate(
  ticks: number[],
  rounds: StartedRound[] = [],
  options: DuePhasesOptions = {},
  of: CheckinSchedule = schedule,
): string[] {
  const byKey = new Map(rounds.map((r) => [r.window.key, r]));
  const log: string[] = [];
  for (const now of ticks) {
    for (const due of duePhases(of, byKey.values(), now, options)) {
      log.push(`${due.phase}:${due.roundKey}${due.stale ? ' (stale)' : ''}`);
      const before = byKey.get(due.roundKey) ?? {
        window: due.window,
        openedAt: null,
        remindedAt: null,
        closedAt: null,
      };
      byKey.set(due.roundKey, {
        ...before,
        ...(due.phase === 'open' ? { openedAt: now } : {}),
        ...(due.phase === 'remind' ? { remindedAt: now } : {}),
        ...(due.phase === 'close' ? { closedAt: now } : {}),
      });
    }
  }
  return log;
}

describe('duePhases', () => {
  it('opens, reminds and closes on time, each once', () => {
    const ticks = [];
    for (let t = OPEN - 2 * HOUR; t <= CLOSE + 2 * HOUR; t += HOUR) ticks.push(t);
    const previous = round('2026-11-09', { opened: OPEN - 7 * DAY, reminded: REMIND - 7 * DAY });
    expect(simulate(ticks, [previous])).toEqual([
      'close:2026-11-09',
      'open:2026-11-16',
      'remind:2026-11-16',
      'close:2026-11-16',
      'open:2026-11-23',
    ]);
  });

  it('returns nothing when everything due has run', () => {
    const rounds = [round('2026-11-09', { opened: 1, closed: OPEN }), round('2026-11-16', { opened: OPEN })];
    expect(duePhases(schedule, rounds, OPEN + HOUR)).toEqual([]);
    const reminded = [rounds[0]!, round('2026-11-16', { opened: OPEN, reminded: REMIND })];
    expect(duePhases(schedule, reminded, REMIND + HOUR)).toEqual([]);
  });

  it('prompts late after downtime while the round is still open', () => {
    const due = duePhases(schedule, [round('2026-11-09', { opened: 1, closed: OPEN - 1 })], OPEN + 30 * HOUR);
    expect(brief(due)).toEqual(['open:2026-11-16']);
    expect(due[0]?.window.closesAt.getTime()).toBe(CLOSE);
  });

  it('a late prompt after the reminder time stands in for the reminder', () => {
    const log = simulate(
      [REMIND + HOUR, REMIND + 2 * HOUR, CLOSE - HOUR],
      [round('2026-11-09', { opened: 1, closed: OPEN })],
    );
    expect(log).toEqual(['open:2026-11-16']);
    // It is still summarised when the round closes, because it started.
    expect(simulate([CLOSE], [round('2026-11-16', { opened: REMIND + HOUR })])).toEqual([
      'close:2026-11-16',
      'open:2026-11-23',
    ]);
  });

  it('reminds late if the bot was down at the reminder time but the prompt went out', () => {
    expect(brief(duePhases(schedule, [round('2026-11-16', { opened: OPEN })], REMIND + 5 * HOUR))).toEqual([
      'remind:2026-11-16',
    ]);
  });

  it('owes the summary of a round that started, and never reminds a closed round', () => {
    const due = duePhases(schedule, [round('2026-11-16', { opened: OPEN })], CLOSE + 3 * DAY);
    expect(brief(due)).toEqual(['close:2026-11-16', 'open:2026-11-23']);
  });

  it('a whole missed week is neither prompted nor summarised', () => {
    // The bot was down from before 2026-11-16 opened until after it closed.
    const previous = round('2026-11-09', { opened: OPEN - 7 * DAY, closed: OPEN - 1 });
    expect(brief(duePhases(schedule, [previous], CLOSE + HOUR))).toEqual(['open:2026-11-23']);
  });

  it('closes a round left open for weeks without posting its summary as news', () => {
    const due = duePhases(schedule, [round('2026-11-02', { opened: OPEN - 14 * DAY })], CLOSE + HOUR);
    expect(due.map((d) => `${d.phase}:${d.roundKey}${d.stale ? ' (stale)' : ''}`)).toEqual([
      'close:2026-11-02 (stale)',
      'open:2026-11-23',
    ]);
  });

  it('a schedule that just took effect waits for its next opening', () => {
    const activeSince = OPEN + 2 * DAY;
    expect(duePhases(schedule, [], OPEN + 3 * DAY, { activeSince })).toEqual([]);
    expect(brief(duePhases(schedule, [], CLOSE, { activeSince }))).toEqual(['open:2026-11-23']);
    expect(brief(duePhases(schedule, [], OPEN + HOUR))).toEqual(['open:2026-11-16']);
  });

  it('carries on a round started by hand before the schedule took effect (send-now right after setup)', () => {
    // Setup at OPEN + 2 days, send-now at once, the process killed before every prompt went out.
    const activeSince = OPEN + 2 * DAY;
    const startedByHand = round('2026-11-16');
    expect(brief(duePhases(schedule, [startedByHand], OPEN + 2 * DAY + 5 * 60_000, { activeSince }))).toEqual(
      ['open:2026-11-16'],
    );
    expect(simulate([OPEN + 2 * DAY + HOUR, REMIND, CLOSE], [startedByHand], { activeSince })).toEqual([
      'open:2026-11-16',
      'remind:2026-11-16',
      'close:2026-11-16',
      'open:2026-11-23',
    ]);
  });

  it('a round keeps its own window when the schedule changes: closed by it, then the new schedule runs', () => {
    const friday: CheckinSchedule = { ...schedule, weekday: 'friday', time: '18:00' };
    const FRIDAY = Date.parse('2026-11-20T17:00:00Z');
    // Changed on Wednesday 18 November: setup closes the Monday round at Friday's first opening.
    const activeSince = OPEN + 2 * DAY;
    const monday = round('2026-11-16', { opened: OPEN });
    const clamped = {
      ...monday,
      window: { ...monday.window, remindAt: new Date(FRIDAY), closesAt: new Date(FRIDAY) },
    };
    const ticks = [OPEN + 2 * DAY + HOUR, FRIDAY - 1, FRIDAY, FRIDAY + HOUR, REMIND + 5 * DAY];
    expect(simulate(ticks, [clamped], { activeSince }, friday)).toEqual([
      'close:2026-11-16',
      'open:2026-11-20',
      'remind:2026-11-20',
    ]);
    // Recorded without that clamp, the old round still runs to its own end before the new schedule starts.
    expect(
      simulate([OPEN + 3 * DAY, REMIND + HOUR, CLOSE, CLOSE + HOUR], [monday], { activeSince }, friday),
    ).toEqual(['remind:2026-11-16', 'close:2026-11-16', 'open:2026-11-20']);
  });

  it('never runs a phase twice across restarts, whatever the tick pattern', () => {
    const ticks = [
      OPEN - HOUR,
      OPEN,
      OPEN,
      OPEN + 1,
      REMIND,
      REMIND,
      CLOSE - 1,
      CLOSE,
      CLOSE,
      CLOSE + 7 * DAY,
    ];
    const log = simulate(ticks);
    expect(new Set(log).size).toBe(log.length);
    expect(log).toEqual([
      'open:2026-11-09',
      'close:2026-11-09',
      'open:2026-11-16',
      'remind:2026-11-16',
      'close:2026-11-16',
      'open:2026-11-23',
      'close:2026-11-23',
      'open:2026-11-30',
    ]);
  });

  it('is not fooled by DST: a fall-back week is opened once', () => {
    const paris: CheckinSchedule = { ...schedule, weekday: 'sunday', time: '02:30' };
    const ticks: number[] = [];
    for (let t = Date.parse('2026-10-24T00:00:00Z'); t < Date.parse('2026-10-26T00:00:00Z'); t += 15 * 60_000)
      ticks.push(t);
    expect(simulate(ticks, [], {}, paris)).toEqual([
      'open:2026-10-18',
      'remind:2026-10-18',
      'close:2026-10-18',
      'open:2026-10-25',
    ]);
  });
});
