import { createHash } from 'node:crypto';
import { MINUTE_MS } from '../domain/time/duration.js';

/**
 * One retry model for every scheduled send (check-in prompts, reminders and summaries; interview threads,
 * intros and reports): what a failure means is SendError's kind (src/discord/messenger.ts), a transient
 * one ('retryable') is tried again after `backoffMs`, at most MAX_ATTEMPTS times in all, and every logical
 * message carries one stable nonce.
 */
export const MAX_ATTEMPTS = 5;

/** 1, 2, 4, 8 minutes: spread retries over the following ticks. */
export function backoffMs(attempts: number): number {
  return MINUTE_MS * 2 ** Math.max(0, attempts - 1);
}

/** Whether a failure after `attempts` tries is worth another. */
export function shouldRetry(kind: string, attempts: number): boolean {
  return kind === 'retryable' && attempts < MAX_ATTEMPTS;
}

/** Short, stable nonce (Discord allows 25 characters) for one logical message. */
export function messageNonce(...parts: ReadonlyArray<string | number>): string {
  return createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 25);
}
