import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { acquireLease, releaseLease } from '../db/repositories/instance-lease.js';
import type { Logger } from '../logger.js';

export type InstanceRole = 'starting' | 'active' | 'standby' | 'stopped';

/** The whole bot. Sharding (issue 14) will hold one scope per shard instead: `shard:<id>`. */
export const BOT_SCOPE = 'bot';

export interface InstanceLeaseOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** How long a lease lasts without renewal: a dead holder is replaced after at most this (plus one poll). */
  ttlMs: number;
  scope?: string;
  /** Unique per running process; the default names the host and process for the logs. */
  owner?: string;
  /** How often a standby looks whether the lease is free (default 1 s, at most ttl / 3). */
  pollMs?: number;
  /**
   * Real time, never the scheduling clock that tests and the playground move: two processes compare
   * expiries, so they must read the same kind of clock.
   */
  now?: () => number;
  /** Called once each time this instance becomes the active one (start the work). */
  onActive(): Promise<void>;
  /** Called when an active instance could not renew its lease in time (stop the work at once). */
  onLost(): Promise<void>;
}

export function defaultInstanceId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * At most one active instance per database: the active one renews a lease row every ttl / 3; others wait
 * as standbys and take the lease when it expires (holder died) or disappears (holder shut down cleanly).
 * An instance counts itself active only until a safety margin before its own recorded expiry, so it stops
 * acting before anybody else may start.
 */
export class InstanceLease {
  readonly owner: string;
  readonly scope: string;
  #role: InstanceRole = 'starting';
  #expiresAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #busy: Promise<void> = Promise.resolve();
  readonly #now: () => number;
  readonly #pollMs: number;
  readonly #renewMs: number;
  readonly #marginMs: number;

  constructor(private readonly options: InstanceLeaseOptions) {
    this.owner = options.owner ?? defaultInstanceId();
    this.scope = options.scope ?? BOT_SCOPE;
    this.#now = options.now ?? Date.now;
    this.#renewMs = Math.max(100, Math.floor(options.ttlMs / 3));
    this.#pollMs = Math.min(options.pollMs ?? 1000, this.#renewMs);
    this.#marginMs = Math.floor(options.ttlMs / 5);
  }

  get role(): InstanceRole {
    if (this.#role === 'active' && !this.isActive()) return 'standby';
    return this.#role;
  }

  /** True while this instance holds the lease with time to spare: only then may it act. */
  isActive(): boolean {
    return this.#role === 'active' && this.#now() < this.#expiresAt - this.#marginMs;
  }

  /** Tries once now (so a lone instance is active as soon as this resolves), then keeps trying or renewing. */
  async start(): Promise<void> {
    await this.#step();
  }

  /** Resolves once this instance is active; rejects after `timeoutMs` (a standby may wait a whole lease). */
  async waitUntilActive(timeoutMs: number): Promise<void> {
    const deadline = this.#now() + timeoutMs;
    while (!this.isActive()) {
      if (this.#stopped || this.#now() > deadline)
        throw new Error(`instance ${this.owner} did not become active within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, this.#pollMs)));
    }
  }

  /** Stops renewing and gives the lease up, so a standby takes over at once. */
  async release(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#busy;
    const wasActive = this.#role === 'active';
    this.#role = 'stopped';
    if (!wasActive) return;
    try {
      await releaseLease(this.options.db, this.scope, this.owner);
      this.options.logger.info({ owner: this.owner, scope: this.scope }, 'instance lease released');
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not release the instance lease; it will expire');
    }
  }

  #step(): Promise<void> {
    const run = this.#busy.then(() => this.#tryOnce());
    this.#busy = run.catch(() => {});
    return run;
  }

  async #tryOnce(): Promise<void> {
    if (this.#stopped) return;
    const { db, logger, ttlMs } = this.options;
    const startedAt = this.#now();
    let expiresAt: number | undefined;
    try {
      expiresAt = await acquireLease(db, { scope: this.scope, owner: this.owner, now: startedAt, ttlMs });
    } catch (error) {
      logger.warn({ err: error }, 'instance lease could not be read or renewed');
    }
    if (this.#stopped) return;
    if (expiresAt !== undefined) {
      // Counted from before the query: the row may say later, never earlier.
      this.#expiresAt = startedAt + ttlMs;
      logger.debug({ owner: this.owner, scope: this.scope, expiresAt }, 'instance lease renewed');
      if (this.#role !== 'active') {
        const from = this.#role;
        this.#role = 'active';
        logger.info({ owner: this.owner, scope: this.scope, from }, 'instance is active');
        try {
          await this.options.onActive();
        } catch (error) {
          logger.error({ err: error }, 'starting work as the active instance failed');
        }
      }
    } else if (this.#role === 'active') {
      if (!this.isActive()) {
        this.#role = 'standby';
        logger.error(
          { owner: this.owner, scope: this.scope },
          'instance lease lost (not renewed in time); standing by',
        );
        try {
          await this.options.onLost();
        } catch (error) {
          logger.error({ err: error }, 'stopping work after losing the lease failed');
        }
      }
    } else if (this.#role === 'starting') {
      this.#role = 'standby';
      logger.info(
        { owner: this.owner, scope: this.scope },
        'another instance is active; standing by until its lease ends',
      );
    }
    if (this.#stopped) return;
    const delay = this.#role === 'active' ? this.#renewMs : this.#pollMs;
    this.#timer = setTimeout(() => void this.#step(), delay);
    this.#timer.unref();
  }
}
