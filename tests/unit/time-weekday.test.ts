import { describe, expect, it } from 'vitest';
import {
  WEEKDAYS,
  isWeekdayName,
  weekdayFromNumber,
  weekdaySchema,
  weekdayToNumber,
} from '../../src/domain/time/weekday.js';

describe('weekday', () => {
  it('maps names to luxon numbers and back', () => {
    expect(weekdayToNumber('monday')).toBe(1);
    expect(weekdayToNumber('sunday')).toBe(7);
    for (const name of WEEKDAYS) expect(weekdayFromNumber(weekdayToNumber(name))).toBe(name);
  });

  it('rejects numbers outside 1..7', () => {
    expect(() => weekdayFromNumber(0)).toThrow(RangeError);
    expect(() => weekdayFromNumber(8)).toThrow(RangeError);
    expect(() => weekdayFromNumber(1.5)).toThrow(RangeError);
  });

  it('parses names case-insensitively and trims', () => {
    expect(weekdaySchema.parse(' Monday ')).toBe('monday');
    expect(weekdaySchema.parse('FRIDAY')).toBe('friday');
  });

  it('rejects unknown names with a friendly message', () => {
    const result = weekdaySchema.safeParse('funday');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/day of the week/);
    expect(weekdaySchema.safeParse(3).success).toBe(false);
  });

  it('guards names', () => {
    expect(isWeekdayName('tuesday')).toBe(true);
    expect(isWeekdayName('Tuesday')).toBe(false);
  });
});
