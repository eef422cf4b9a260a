import { describe, expect, it } from 'vitest';
import { bullets, capitalize, timestamp } from '../../src/discord/render/format.js';

describe('presentation helpers', () => {
  const at = new Date('2026-11-20T17:00:00.900Z');

  it('writes Discord timestamps from a Date or from milliseconds, full date and time by default', () => {
    expect(timestamp(at)).toBe('<t:1795194000:F>');
    expect(timestamp(at.getTime(), 'R')).toBe('<t:1795194000:R>');
    expect(timestamp(at, 'D')).toBe('<t:1795194000:D>');
  });

  it('capitalizes the first letter only', () => {
    expect(capitalize('monday')).toBe('Monday');
    expect(capitalize('')).toBe('');
  });

  it('lists items one per line', () => {
    expect(bullets(['a', 'b'])).toBe('• a\n• b');
    expect(bullets([])).toBe('');
  });
});
