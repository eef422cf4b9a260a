import { z } from 'zod';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** Upper bound so a typo such as "9999999w" cannot push a clock beyond anything meaningful. */
export const MAX_DURATION_MS = 53 * WEEK_MS;

export const DURATION_ERROR =
  'Use a duration such as 90m, 2h, 1d, 1w or 1d12h (units largest first, each once).';

const UNITS = [
  ['w', WEEK_MS],
  ['d', DAY_MS],
  ['h', HOUR_MS],
  ['m', MINUTE_MS],
] as const;

// Units must come largest first and at most once each, which keeps "1d12h" unambiguous and rejects "1h1h".
const DURATION_PATTERN = /^(?:(\d+)w)?\s*(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?$/;

export type DurationParseResult = { ok: true; ms: number } | { ok: false; error: string };

export function parseDuration(text: string): DurationParseResult {
  const trimmed = text.trim().toLowerCase();
  const match = DURATION_PATTERN.exec(trimmed);
  if (trimmed === '' || match === null) return { ok: false, error: DURATION_ERROR };
  let ms = 0;
  UNITS.forEach(([, unitMs], i) => {
    const amount = match[i + 1];
    if (amount !== undefined) ms += Number(amount) * unitMs;
  });
  if (ms <= 0) return { ok: false, error: 'The duration must be longer than zero, for example 30m.' };
  if (ms > MAX_DURATION_MS) return { ok: false, error: 'The duration must be at most 53 weeks.' };
  return { ok: true, ms };
}

/** Parses duration text into milliseconds, reporting a friendly message on failure. */
export const durationSchema = z.string({ error: DURATION_ERROR }).transform((text, ctx) => {
  const result = parseDuration(text);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.error });
    return z.NEVER;
  }
  return result.ms;
});

/** Inverse of parseDuration for whole minutes: 129_600_000 → "1d12h". Sub-minute remainders are dropped. */
export function formatDuration(ms: number): string {
  let rest = Math.floor(Math.max(0, ms) / MINUTE_MS) * MINUTE_MS;
  if (rest === 0) return '0m';
  let text = '';
  for (const [unit, unitMs] of UNITS) {
    const amount = Math.floor(rest / unitMs);
    if (amount > 0) {
      text += `${amount}${unit}`;
      rest -= amount * unitMs;
    }
  }
  return text;
}
