import { describe, expect, it } from 'vitest';
import {
  TIME_OF_DAY_ERROR,
  formatTimeOfDay,
  parseTimeOfDay,
  timeOfDaySchema,
} from '../../src/domain/time/time-of-day.js';

describe('time of day', () => {
  it.each([
    ['09:00', 9, 0],
    ['9:00', 9, 0],
    ['21:30', 21, 30],
    ['00:00', 0, 0],
    ['23:59', 23, 59],
    [' 7:05 ', 7, 5],
  ])('parses %j', (text, hour, minute) => {
    expect(parseTimeOfDay(text)).toEqual({ hour, minute });
  });

  it.each(['24:00', '12:60', '9am', '9', '9:5', '09:00:00', '-1:00', '', '12h30', '123:00', '9 :00'])(
    'rejects %j',
    (text) => {
      expect(parseTimeOfDay(text)).toBeUndefined();
      const result = timeOfDaySchema.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(TIME_OF_DAY_ERROR);
    },
  );

  it('normalises to HH:MM', () => {
    expect(timeOfDaySchema.parse('9:00')).toBe('09:00');
    expect(formatTimeOfDay({ hour: 7, minute: 5 })).toBe('07:05');
  });

  it('rejects non-strings with the same message', () => {
    expect(timeOfDaySchema.safeParse(900).error?.issues[0]?.message).toBe(TIME_OF_DAY_ERROR);
  });
});
