import { createHash } from 'node:crypto';
import type { Messenger, OutgoingMessage } from '../discord/messenger.js';
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

/**
 * Sends `message` with `nonce` and returns its id. When an earlier attempt may have reached Discord (a
 * crash before it was recorded, an answer lost on the way), the message already posted is looked for
 * first: Discord forgets a nonce after a few minutes.
 */
export async function sendOnce(
  messenger: Pick<Messenger, 'findSent' | 'send'>,
  channelId: string,
  message: OutgoingMessage,
  nonce: string,
  outcomeUnknown: boolean,
): Promise<string> {
  return (
    (outcomeUnknown ? await messenger.findSent(channelId, message) : undefined) ??
    (await messenger.send(channelId, message, nonce))
  );
}
