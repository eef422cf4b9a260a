import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkinScheduleSchema,
  nextOpening,
  nextPhaseAt,
  previousRoundWindow,
  roundKey,
  roundWindow,
  roundWindowByKey,
} from '../../src/domain/checkins/schedule.js';
import type { CheckinSchedule } from '../../src/domain/checkins/schedule.js';

const HOUR = 3_600_000;
const iso = (date: Date): string => date.toISOString();

const mondayParis: CheckinSchedule = {
  weekday: 'monday',
  time: '09:00',
  timezone: 'Europe/Paris',
  reminderLeadHours: 24,
};

/** Walks round by round from `from` and returns every round that opens before `to`. */
function roundsBetween(schedule: CheckinSchedule, from: string, to: string) {
  const rounds = [];
  let window = roundWindow(schedule, new Date(from));
  while (window.opensAt < new Date(to)) {
    rounds.push(window);
    window = roundWindow(schedule, window.closesAt);
  }
  return rounds;
}

describe('roundWindow', () => {
  it('returns the round open at an instant, keyed by the local opening date', () => {
    const window = roundWindow(mondayParis, new Date('2026-11-18T10:00:00Z'));
    expect(window.key).toBe('2026-11-16');
    expect(iso(window.opensAt)).toBe('2026-11-16T08:00:00.000Z');
    expect(iso(window.closesAt)).toBe('2026-11-23T08:00:00.000Z');
    expect(iso(window.remindAt)).toBe('2026-11-22T08:00:00.000Z');
    expect(roundKey(mondayParis, new Date('2026-11-18T10:00:00Z').getTime())).toBe('2026-11-16');
  });

  it('opens exactly at the scheduled instant and closes just before the next one', () => {
    expect(roundKey(mondayParis, new Date('2026-11-16T08:00:00Z'))).toBe('2026-11-16');
    expect(roundKey(mondayParis, new Date('2026-11-16T07:59:59.999Z'))).toBe('2026-11-09');
    expect(roundKey(mondayParis, new Date('2026-11-23T07:59:59.999Z'))).toBe('2026-11-16');
  });

  it('uses the local date, not the UTC date', () => {
    const tokyo: CheckinSchedule = {
      weekday: 'monday',
      time: '07:00',
      timezone: 'Asia/Tokyo',
      reminderLeadHours: 12,
    };
    // Sunday 22:00 UTC is already Monday 07:00 in Tokyo.
    const window = roundWindow(tokyo, new Date('2026-11-15T22:00:00Z'));
    expect(window.key).toBe('2026-11-16');
    expect(iso(window.opensAt)).toBe('2026-11-15T22:00:00.000Z');
  });

  it('finds windows by key and steps back', () => {
    const window = roundWindow(mondayParis, new Date('2026-11-18T10:00:00Z'));
    expect(roundWindowByKey(mondayParis, '2026-11-16')).toEqual(window);
    expect(roundWindowByKey(mondayParis, '2026-11-17')).toBeUndefined();
    expect(roundWindowByKey(mondayParis, 'nonsense')).toBeUndefined();
    expect(previousRoundWindow(mondayParis, window).key).toBe('2026-11-09');
  });

  it('computes the next opening and the next phase', () => {
    expect(iso(nextOpening(mondayParis, new Date('2026-11-18T10:00:00Z')))).toBe('2026-11-23T08:00:00.000Z');
    // Strictly after: at an opening, the next opening is a week later.
    expect(iso(nextOpening(mondayParis, new Date('2026-11-16T08:00:00Z')))).toBe('2026-11-23T08:00:00.000Z');
    expect(iso(nextPhaseAt(mondayParis, new Date('2026-11-18T10:00:00Z')))).toBe('2026-11-22T08:00:00.000Z');
    expect(iso(nextPhaseAt(mondayParis, new Date('2026-11-22T08:00:00Z')))).toBe('2026-11-23T08:00:00.000Z');
  });
});

describe('DST', () => {
  it('Paris spring forward: a time in the skipped hour moves forward by the gap', () => {
    const schedule: CheckinSchedule = { ...mondayParis, weekday: 'sunday', time: '02:30' };
    const [before, during, after] = roundsBetween(schedule, '2026-03-22T12:00:00Z', '2026-04-06T00:00:00Z');
    expect(before?.key).toBe('2026-03-22');
    expect(iso(before!.opensAt)).toBe('2026-03-22T01:30:00.000Z'); // 02:30 CET
    expect(during?.key).toBe('2026-03-29');
    expect(iso(during!.opensAt)).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST: 02:30 does not exist
    expect(after?.key).toBe('2026-04-05');
    expect(iso(after!.opensAt)).toBe('2026-04-05T00:30:00.000Z'); // 02:30 CEST
    expect(during!.closesAt.getTime() - during!.opensAt.getTime()).toBe(167 * HOUR);
  });

  it('Paris fall back: a time in the repeated hour opens once, at its first occurrence', () => {
    const schedule: CheckinSchedule = { ...mondayParis, weekday: 'sunday', time: '02:30' };
    const rounds = roundsBetween(schedule, '2026-10-18T12:00:00Z', '2026-11-02T00:00:00Z');
    expect(rounds.map((r) => r.key)).toEqual(['2026-10-18', '2026-10-25', '2026-11-01']);
    expect(iso(rounds[1]!.opensAt)).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
    expect(rounds[1]!.closesAt.getTime() - rounds[1]!.opensAt.getTime()).toBe(169 * HOUR);
    // The second 02:30 (CET) is inside the same round, not a new one.
    expect(roundKey(schedule, new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25');
    expect(roundKey(schedule, new Date('2026-10-25T00:29:59Z'))).toBe('2026-10-18');
  });

  it('New York spring forward and fall back', () => {
    const spring: CheckinSchedule = {
      weekday: 'sunday',
      time: '02:30',
      timezone: 'America/New_York',
      reminderLeadHours: 24,
    };
    const march = roundWindow(spring, new Date('2026-03-08T12:00:00Z'));
    expect(march.key).toBe('2026-03-08');
    expect(iso(march.opensAt)).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(iso(previousRoundWindow(spring, march).closesAt)).toBe(iso(march.opensAt));

    const fall: CheckinSchedule = { ...spring, time: '01:30' };
    const november = roundWindow(fall, new Date('2026-11-01T12:00:00Z'));
    expect(november.key).toBe('2026-11-01');
    expect(iso(november.opensAt)).toBe('2026-11-01T05:30:00.000Z'); // first 01:30, EDT
    expect(roundKey(fall, new Date('2026-11-01T06:30:00Z'))).toBe('2026-11-01'); // second 01:30, EST
    expect(november.closesAt.getTime() - november.opensAt.getTime()).toBe(169 * HOUR);
  });

  it('the reminder lead is real elapsed hours, also across a DST change', () => {
    const schedule: CheckinSchedule = { ...mondayParis, reminderLeadHours: 48 };
    const window = roundWindow(schedule, new Date('2026-03-24T12:00:00Z'));
    expect(window.key).toBe('2026-03-23');
    expect(window.closesAt.getTime() - window.remindAt.getTime()).toBe(48 * HOUR);
    expect(iso(window.remindAt)).toBe('2026-03-28T07:00:00.000Z'); // Saturday 08:00 CET, 48 h before Monday 09:00 CEST
  });

  it.each([
    ['Europe/Paris', '2026-03-29', '02:30'],
    ['Europe/Paris', '2026-10-25', '02:30'],
    ['America/New_York', '2026-03-08', '02:30'],
    ['America/New_York', '2026-11-01', '01:30'],
  ])('%s %s %s: no round skipped or doubled around the change', (timezone, day, time) => {
    for (const weekday of ['sunday', 'monday', 'saturday'] as const) {
      const schedule: CheckinSchedule = { weekday, time, timezone, reminderLeadHours: 24 };
      const centre = new Date(`${day}T12:00:00Z`).getTime();
      const rounds = roundsBetween(
        schedule,
        new Date(centre - 21 * 24 * HOUR).toISOString(),
        new Date(centre + 21 * 24 * HOUR).toISOString(),
      );
      expect(rounds.length).toBeGreaterThanOrEqual(5);
      expect(new Set(rounds.map((r) => r.key)).size).toBe(rounds.length);
      rounds.forEach((round, i) => {
        const length = round.closesAt.getTime() - round.opensAt.getTime();
        expect([167, 168, 169].map((h) => h * HOUR)).toContain(length);
        if (i > 0) {
          expect(round.opensAt).toEqual(rounds[i - 1]!.closesAt);
          const days = (Date.parse(round.key) - Date.parse(rounds[i - 1]!.key)) / (24 * HOUR);
          expect(days).toBe(7);
        }
      });
    }
  });
});

describe('roundWindow properties', () => {
  const zones = [
    'Europe/Paris',
    'America/New_York',
    'Asia/Kolkata',
    'Australia/Sydney',
    'UTC',
    'Pacific/Auckland',
    'America/Santiago',
    'Australia/Lord_Howe',
  ];
  const schedules = fc.record({
    weekday: fc.constantFrom(
      'monday',
      'tuesday',
      'wednesday',
      'thursday',
      'friday',
      'saturday',
      'sunday' as const,
    ),
    time: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
    timezone: fc.constantFrom(...zones),
    reminderLeadHours: fc.integer({ min: 1, max: 144 }),
  });
  const instants = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) });

  it('the window contains the instant, weeks chain without gaps, and keys are opening weekdays', () => {
    fc.assert(
      fc.property(schedules, instants, (schedule, at) => {
        const window = roundWindow(schedule, at);
        expect(window.opensAt.getTime()).toBeLessThanOrEqual(at);
        expect(window.closesAt.getTime()).toBeGreaterThan(at);
        expect(window.remindAt.getTime()).toBeGreaterThan(window.opensAt.getTime());
        expect(window.remindAt.getTime()).toBeLessThan(window.closesAt.getTime());
        const length = window.closesAt.getTime() - window.opensAt.getTime();
        expect(length).toBeGreaterThanOrEqual(167 * HOUR);
        expect(length).toBeLessThanOrEqual(169 * HOUR);
        const next = roundWindow(schedule, window.closesAt);
        expect(next.opensAt).toEqual(window.closesAt);
        expect(roundWindowByKey(schedule, window.key)).toEqual(window);
        expect(roundWindow(schedule, window.opensAt)).toEqual(window);
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkinScheduleSchema', () => {
  it('validates and normalises a schedule', () => {
    expect(
      checkinScheduleSchema.parse({
        weekday: 'Monday',
        time: '9:00',
        timezone: 'europe/paris',
        reminderLeadHours: 24,
      }),
    ).toEqual(mondayParis);
  });

  it('reports each bad field', () => {
    const result = checkinScheduleSchema.safeParse({
      weekday: 'someday',
      time: '25:00',
      timezone: 'Mars/Base',
      reminderLeadHours: 0,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0])).toEqual([
      'weekday',
      'time',
      'timezone',
      'reminderLeadHours',
    ]);
    expect(checkinScheduleSchema.safeParse({ ...mondayParis, reminderLeadHours: 145 }).success).toBe(false);
    expect(checkinScheduleSchema.safeParse({ ...mondayParis, reminderLeadHours: 1.5 }).success).toBe(false);
  });
});
