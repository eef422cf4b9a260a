import { describe, expect, it } from 'vitest';
import {
  addDays,
  atLocalTime,
  calendarDateAt,
  formatIsoDate,
  parseIsoDate,
  weekdayOf,
} from '../../src/domain/time/local-time.js';

describe('local time', () => {
  it('does calendar arithmetic independent of DST', () => {
    expect(addDays({ year: 2026, month: 3, day: 28 }, 1)).toEqual({ year: 2026, month: 3, day: 29 });
    expect(addDays({ year: 2026, month: 12, day: 28 }, 7)).toEqual({ year: 2027, month: 1, day: 4 });
    expect(weekdayOf({ year: 2026, month: 11, day: 16 })).toBe(1);
    expect(formatIsoDate({ year: 2026, month: 3, day: 8 })).toBe('2026-03-08');
    expect(parseIsoDate('2026-03-08')).toEqual({ year: 2026, month: 3, day: 8 });
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
    expect(parseIsoDate('2026-W47')).toBeUndefined();
  });

  it('reads the calendar date in the zone', () => {
    const at = new Date('2026-11-16T23:30:00Z');
    expect(calendarDateAt(at, 'UTC')).toEqual({ year: 2026, month: 11, day: 16 });
    expect(calendarDateAt(at, 'Europe/Paris')).toEqual({ year: 2026, month: 11, day: 17 });
  });

  it('moves a time in the spring-forward gap forward by the gap', () => {
    const paris = atLocalTime({ year: 2026, month: 3, day: 29 }, { hour: 2, minute: 30 }, 'Europe/Paris');
    expect(paris.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    const ny = atLocalTime({ year: 2026, month: 3, day: 8 }, { hour: 2, minute: 30 }, 'America/New_York');
    expect(ny.toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
  });

  it('picks the first occurrence of a time in the repeated hour', () => {
    const paris = atLocalTime({ year: 2026, month: 10, day: 25 }, { hour: 2, minute: 30 }, 'Europe/Paris');
    expect(paris.toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST, not CET
    const ny = atLocalTime({ year: 2026, month: 11, day: 1 }, { hour: 1, minute: 30 }, 'America/New_York');
    expect(ny.toISOString()).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT, not EST
  });

  it('leaves ordinary times alone, including later on a fall-back day', () => {
    const later = atLocalTime({ year: 2026, month: 10, day: 25 }, { hour: 9, minute: 0 }, 'Europe/Paris');
    expect(later.toISOString()).toBe('2026-10-25T08:00:00.000Z');
    const before = atLocalTime({ year: 2026, month: 10, day: 25 }, { hour: 1, minute: 30 }, 'Europe/Paris');
    expect(before.toISOString()).toBe('2026-10-24T23:30:00.000Z');
    const utc = atLocalTime({ year: 2026, month: 6, day: 1 }, { hour: 0, minute: 0 }, 'UTC');
    expect(utc.toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });
});
