import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffMs, MAX_ATTEMPTS, messageNonce, shouldRetry } from '../../src/scheduler/retry.js';

describe('one retry model for scheduled sends', () => {
  it('backs off 1, 2, 4 then 8 minutes, and gives up after five attempts', () => {
    expect([1, 2, 3, 4].map((attempts) => backoffMs(attempts) / 60_000)).toEqual([1, 2, 4, 8]);
    expect(MAX_ATTEMPTS).toBe(5);
    expect(shouldRetry('retryable', 4)).toBe(true);
    expect(shouldRetry('retryable', 5)).toBe(false);
    for (const kind of ['dm-closed', 'forbidden', 'unknown-channel', 'member-left', 'fatal'])
      expect(shouldRetry(kind, 1), kind).toBe(false);
  });

  it('names each logical message with a nonce Discord accepts, the same one before and after an upgrade', () => {
    const nonce = messageNonce('interview', 'intro', 42);
    expect(nonce.length).toBeLessThanOrEqual(25);
    expect(messageNonce('interview', 'intro', 42)).toBe(nonce);
    expect(messageNonce('interview', 'intro', 43)).not.toBe(nonce);
    // Rounds in flight during an upgrade must keep their nonces: the formula the two old helpers used.
    const before = createHash('sha256').update('interview|intro|42').digest('base64url').slice(0, 25);
    expect(nonce).toBe(before);
  });
});
