import { time, type TimestampStylesString } from 'discord.js';

/**
 * The small text helpers every reply shares, so a date or a list reads the same in every feature.
 * Timestamps go through discord.js's `time()`: Discord shows them in each reader's own zone and language.
 */

/** A Discord timestamp for an instant given as a Date or as milliseconds since 1970. */
export function timestamp(at: Date | number, style: TimestampStylesString = 'F'): string {
  return time(typeof at === 'number' ? new Date(at) : at, style);
}

/** "monday" → "Monday". */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One "• item" line per item. */
export function bullets(items: readonly string[]): string {
  return items.map((item) => `• ${item}`).join('\n');
}
