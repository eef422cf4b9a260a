import { describe, expect, it } from 'vitest';
import { duePhases } from '../../src/domain/checkins/phases.js';
import type { CheckinPhase, DuePhase, PhaseRecord } from '../../src/domain/checkins/phases.js';
import type { CheckinSchedule } from '../../src/domain/checkins/schedule.js';

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

const brief = (due: DuePhase[]): string[] => due.map((d) => `${d.phase}:${d.roundKey}`);
const ran = (roundKey: string, phase: CheckinPhase, at: number): PhaseRecord => ({
  roundKey,
  phase,
  at: new Date(at),
});

/** Simulates a scheduler that ticks at each instant and records what it ran. */
function simulate(ticks: number[], done: PhaseRecord[] = [], options = {}): string[] {
  const log: string[] = [];
  for (const now of ticks) {
    for (const due of duePhases(schedule, done, now, options)) {
      log.push(`${due.phase}:${due.roundKey}`);
      done.push(ran(due.roundKey, due.phase, now));
    }
  }
  return log;
}

describe('duePhases', () => {
  it('opens, reminds and closes on time, each once', () => {
    const ticks = [];
    for (let t = OPEN - 2 * HOUR; t <= CLOSE + 2 * HOUR; t += HOUR) ticks.push(t);
    const done = [
      ran('2026-11-09', 'open', OPEN - 7 * 24 * HOUR),
      ran('2026-11-09', 'remind', REMIND - 7 * 24 * HOUR),
    ];
    expect(simulate(ticks, done)).toEqual([
      'close:2026-11-09',
      'open:2026-11-16',
      'remind:2026-11-16',
      'close:2026-11-16',
      'open:2026-11-23',
    ]);
  });

  it('returns nothing when everything due has run', () => {
    const done = [ran('2026-11-09', 'close', OPEN), ran('2026-11-16', 'open', OPEN)];
    expect(duePhases(schedule, done, OPEN + HOUR)).toEqual([]);
    expect(duePhases(schedule, [...done, ran('2026-11-16', 'remind', REMIND)], REMIND + HOUR)).toEqual([]);
  });

  it('prompts late after downtime while the round is still open', () => {
    const due = duePhases(schedule, [ran('2026-11-09', 'close', OPEN - 1)], OPEN + 30 * HOUR);
    expect(brief(due)).toEqual(['open:2026-11-16']);
    expect(due[0]?.window.closesAt.getTime()).toBe(CLOSE);
  });

  it('a late prompt after the reminder time stands in for the reminder', () => {
    const log = simulate(
      [REMIND + HOUR, REMIND + 2 * HOUR, CLOSE - HOUR],
      [ran('2026-11-09', 'close', OPEN)],
    );
    expect(log).toEqual(['open:2026-11-16']);
    // It is still summarised when the round closes, because it was opened.
    expect(simulate([CLOSE], [ran('2026-11-16', 'open', REMIND + HOUR)])).toEqual([
      'close:2026-11-16',
      'open:2026-11-23',
    ]);
  });

  it('reminds late if the bot was down at the reminder time but the prompt went out', () => {
    expect(brief(duePhases(schedule, [ran('2026-11-16', 'open', OPEN)], REMIND + 5 * HOUR))).toEqual([
      'remind:2026-11-16',
    ]);
  });

  it('owes the summary of the previous round when it was opened, and never reminds a closed round', () => {
    const due = duePhases(schedule, [ran('2026-11-16', 'open', OPEN)], CLOSE + 3 * 24 * HOUR);
    expect(brief(due)).toEqual(['close:2026-11-16', 'open:2026-11-23']);
  });

  it('a whole missed week is neither prompted nor summarised', () => {
    // The bot was down from before 2026-11-16 opened until after it closed.
    const done = [ran('2026-11-09', 'open', OPEN - 7 * 24 * HOUR)];
    expect(brief(duePhases(schedule, done, CLOSE + HOUR))).toEqual(['open:2026-11-23']);
  });

  it('drops rounds older than the previous one', () => {
    const done = [ran('2026-11-02', 'open', OPEN - 14 * 24 * HOUR)];
    expect(brief(duePhases(schedule, done, CLOSE + HOUR))).toEqual(['open:2026-11-23']);
  });

  it('a schedule that just took effect waits for its next opening', () => {
    const activeSince = OPEN + 2 * 24 * HOUR;
    expect(duePhases(schedule, [], OPEN + 3 * 24 * HOUR, { activeSince })).toEqual([]);
    expect(brief(duePhases(schedule, [], CLOSE, { activeSince }))).toEqual(['open:2026-11-23']);
    expect(brief(duePhases(schedule, [], OPEN + HOUR))).toEqual(['open:2026-11-16']);
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
      CLOSE + 7 * 24 * HOUR,
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
    const done: PhaseRecord[] = [];
    const log: string[] = [];
    for (
      let t = Date.parse('2026-10-24T00:00:00Z');
      t < Date.parse('2026-10-26T00:00:00Z');
      t += 15 * 60_000
    ) {
      for (const due of duePhases(paris, done, t)) {
        log.push(`${due.phase}:${due.roundKey}@${new Date(t).toISOString()}`);
        done.push({ roundKey: due.roundKey, phase: due.phase, at: t });
      }
    }
    expect(log).toEqual([
      'open:2026-10-18@2026-10-24T00:00:00.000Z',
      'remind:2026-10-18@2026-10-24T00:30:00.000Z',
      'close:2026-10-18@2026-10-25T00:30:00.000Z',
      'open:2026-10-25@2026-10-25T00:30:00.000Z',
    ]);
  });
});
