import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  WEEK_MS,
  durationSchema,
  formatDuration,
  parseDuration,
} from '../../src/domain/time/duration.js';

describe('duration', () => {
  it.each([
    ['90m', 90 * MINUTE_MS],
    ['2h', 2 * HOUR_MS],
    ['1d', DAY_MS],
    ['1w', WEEK_MS],
    ['1d12h', DAY_MS + 12 * HOUR_MS],
    ['1d 12h', DAY_MS + 12 * HOUR_MS],
    ['1W2D3H4M', WEEK_MS + 2 * DAY_MS + 3 * HOUR_MS + 4 * MINUTE_MS],
    [' 45m ', 45 * MINUTE_MS],
  ])('parses %j', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
    expect(durationSchema.parse(text)).toBe(ms);
  });

  it.each(['', '90', 'm', '1h1h', '12h1d', '1.5h', '-1h', '1y', '1 h', 'soon', '2s'])(
    'rejects %j',
    (text) => {
      const result = parseDuration(text);
      expect(result.ok).toBe(false);
      const parsed = durationSchema.safeParse(text);
      expect(parsed.error?.issues[0]?.message).toMatch(/90m/);
    },
  );

  it('rejects zero and absurdly long durations with their own message', () => {
    expect(parseDuration('0m')).toEqual({ ok: false, error: expect.stringMatching(/longer than zero/) });
    expect(parseDuration('54w')).toEqual({ ok: false, error: expect.stringMatching(/at most 53 weeks/) });
    expect(parseDuration('53w').ok).toBe(true);
  });

  it('formats back into the same syntax', () => {
    expect(formatDuration(DAY_MS + 12 * HOUR_MS)).toBe('1d12h');
    expect(formatDuration(90 * MINUTE_MS)).toBe('1h30m');
    expect(formatDuration(WEEK_MS + MINUTE_MS)).toBe('1w1m');
    expect(formatDuration(30_000)).toBe('0m');
    for (const text of ['1d12h', '2w3d', '45m', '1w1d1h1m']) {
      const parsed = parseDuration(text);
      expect(parsed.ok && formatDuration(parsed.ms)).toBe(text);
    }
  });
});
