import { createHash } from 'node:crypto';
import type { Dict } from './json.js';
import type { RateLimitOptions } from './types.js';

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Set when refused: the JSON body of the 429. */
  body?: Dict;
  global?: boolean;
}

interface Bucket {
  count: number;
  resetAt: number;
}

export const DEFAULT_RATE_LIMIT: Required<RateLimitOptions> = {
  globalPerSecond: 50,
  perRoute: { limit: 5, windowMs: 5000 },
};

/**
 * Discord-style limits: a bot-wide fixed window per second plus per-route buckets keyed by the route's major
 * parameter, with the headers @discordjs/rest reads (Limit, Remaining, Reset-After, Bucket, Retry-After, Scope).
 */
export class RateLimiter {
  private readonly options: Required<RateLimitOptions>;
  private readonly buckets = new Map<string, Bucket>();
  private globalWindowStart = 0;
  private globalCount = 0;

  constructor(options: RateLimitOptions) {
    this.options = {
      globalPerSecond: options.globalPerSecond ?? DEFAULT_RATE_LIMIT.globalPerSecond,
      perRoute: options.perRoute ?? DEFAULT_RATE_LIMIT.perRoute,
    };
  }

  /** `countsGlobal` is false for interaction callbacks and webhook-token routes, which Discord exempts. */
  check(
    method: string,
    route: string,
    majorId: string,
    countsGlobal: boolean,
    now = Date.now(),
  ): RateLimitDecision {
    // Interaction routes are exempt from the global limit and from buckets here.
    if (!countsGlobal) return { allowed: true, headers: {} };
    if (now - this.globalWindowStart >= 1000) {
      this.globalWindowStart = now;
      this.globalCount = 0;
    }
    if (this.globalCount >= this.options.globalPerSecond) {
      const retryAfter = Math.max(0.001, (this.globalWindowStart + 1000 - now) / 1000);
      return {
        allowed: false,
        global: true,
        headers: {
          'Retry-After': String(Math.ceil(retryAfter)),
          'X-RateLimit-Global': 'true',
          'X-RateLimit-Scope': 'global',
        },
        body: { message: 'You are being rate limited.', retry_after: round3(retryAfter), global: true },
      };
    }

    const hash = bucketHash(method, route);
    const key = `${hash}:${majorId}`;
    const { limit, windowMs } = this.options.perRoute;
    let bucket = this.buckets.get(key);
    if (!bucket || now >= bucket.resetAt) {
      bucket = { count: 0, resetAt: now + windowMs };
      this.buckets.set(key, bucket);
    }
    const resetAfter = Math.max(0, (bucket.resetAt - now) / 1000);
    const common = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Reset': (bucket.resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': resetAfter.toFixed(3),
      'X-RateLimit-Bucket': hash,
    };
    if (bucket.count >= limit) {
      return {
        allowed: false,
        global: false,
        headers: {
          ...common,
          'X-RateLimit-Remaining': '0',
          'Retry-After': String(Math.max(1, Math.ceil(resetAfter))),
          'X-RateLimit-Scope': 'user',
        },
        body: { message: 'You are being rate limited.', retry_after: round3(resetAfter), global: false },
      };
    }
    bucket.count += 1;
    this.globalCount += 1;
    return { allowed: true, headers: { ...common, 'X-RateLimit-Remaining': String(limit - bucket.count) } };
  }
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function bucketHash(method: string, route: string): string {
  return createHash('sha1').update(`${method} ${route}`).digest('hex').slice(0, 32);
}
