import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import {
  claimDueWork,
  enqueueWork,
  finishWork,
  releaseWork,
  renewWorkLeases,
  type NewWorkItem,
} from '../db/repositories/work-items.js';
import type { WorkItemRow } from '../db/tables/work.js';
import { classifySendError, SendError } from '../discord/messenger.js';
import { SINGLE_SHARD, type ShardScope } from '../domain/shards/shards.js';
import { defaultInstanceId } from '../instance/lease.js';
import type { Logger } from '../logger.js';
import type { WorkQueue } from '../services/work.js';
import { backoffMs, shouldRetry } from './retry.js';

/** How one attempt ended, as the handler sees it; the engine decides what follows (retry model in retry.ts). */
export type WorkOutcome =
  | { outcome: 'done'; result?: unknown }
  /** Nothing to do any more (the member left, the round closed): finished without a send. */
  | { outcome: 'skipped'; reason: string }
  /** Failed this time: tried again after back-off while the failure kind and attempts allow. */
  | { outcome: 'retry'; failure: SendError }
  /** Failed for good, whatever the attempts. */
  | { outcome: 'failed'; failure: SendError };

/** One attempt of one item, as its handler gets it. */
export interface WorkAttempt<P> {
  key: string;
  guildId: string;
  payload: P;
  /** 1 on the first attempt. */
  attempt: number;
  /**
   * An earlier attempt may have reached Discord without its outcome being recorded (a crash, a lost
   * answer, a failure after the request left): look for the message before sending it again, since
   * Discord honours a nonce only for a few minutes.
   */
  outcomeUnknown: boolean;
  /** The scheduling clock when the attempt started. */
  now: Date;
}

export interface WorkHandler<P> {
  kind: string;
  payload: z.ZodType<P>;
  run(work: WorkAttempt<P>): Promise<WorkOutcome>;
  /** The item failed for good: record the failure where the feature reads it (e.g. the delivery row). */
  onFailed?(work: WorkAttempt<P>, failure: SendError): Promise<void>;
}

function withResolvers(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** A handler with its payload type erased, so handlers of every kind share one registry. */
export interface WorkKind {
  readonly kind: string;
  attempt(
    item: WorkItemRow,
    now: Date,
  ): Promise<{ outcome: WorkOutcome; onFailed(failure: SendError): Promise<void> }>;
}

export function defineWork<P>(handler: WorkHandler<P>): WorkKind {
  return {
    kind: handler.kind,
    async attempt(item, now) {
      const parsed = handler.payload.safeParse(JSON.parse(item.payload));
      if (!parsed.success)
        return {
          outcome: {
            outcome: 'failed',
            failure: new SendError('fatal', `bad payload: ${parsed.error.message}`),
          },
          onFailed: async () => {},
        };
      const work: WorkAttempt<P> = {
        key: item.key,
        guildId: item.guild_id,
        payload: parsed.data,
        attempt: item.attempts,
        outcomeUnknown: item.attempts > 1,
        now,
      };
      let outcome: WorkOutcome;
      try {
        outcome = await handler.run(work);
      } catch (error) {
        outcome = { outcome: 'retry', failure: classifySendError(error) };
      }
      return { outcome, onFailed: (failure) => handler.onFailed?.(work, failure) ?? Promise.resolve() };
    },
  };
}

export interface WorkEngineOptions {
  db: Kysely<Database>;
  logger: Logger;
  clock: Clock;
  kinds: readonly WorkKind[];
  /** Unique per process (default: host, pid and a random tag). */
  owner?: string;
  /** Items run at once (default 8: Discord's per-route queues keep the sends in order anyway). */
  concurrency?: number;
  /** How long a claim lasts without renewal, real ms (default 60 s); renewed every third of it. */
  leaseMs?: number;
  /** Real time for leases (two processes compare them); never the scheduling clock. */
  realNow?: () => number;
  /** The servers this process serves (default: all). */
  scope?: ShardScope;
  /** True while this process must not take work (standby, shutting down). */
  shouldStop?(): boolean;
}

/**
 * The one engine for scheduled and fan-out work: jobs and services record work items; the engine claims
 * what is due (atomically, under a lease), runs each item's handler with bounded concurrency, and applies
 * one retry and back-off model. A crash leaves claimed items to expire and be claimed again, by this
 * process after a restart or by another; the handler is then told the outcome is unknown.
 */
export class WorkEngine implements WorkQueue {
  readonly owner: string;
  readonly #kinds = new Map<string, WorkKind>();
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #realNow: () => number;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #stopped = false;

  constructor(private readonly options: WorkEngineOptions) {
    this.owner = options.owner ?? defaultInstanceId();
    for (const kind of options.kinds) {
      if (this.#kinds.has(kind.kind)) throw new Error(`two handlers for work kind ${kind.kind}`);
      this.#kinds.set(kind.kind, kind);
    }
    this.#concurrency = Math.max(1, options.concurrency ?? 8);
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#realNow = options.realNow ?? Date.now;
  }

  get scope(): ShardScope {
    return this.options.scope ?? SINGLE_SHARD;
  }

  async enqueue(items: readonly NewWorkItem[]): Promise<void> {
    if (items.length === 0) return;
    await enqueueWork(this.options.db, items, this.options.clock.now().getTime());
    this.kick();
  }

  kick(): void {
    this.runDue().catch((error: unknown) =>
      this.options.logger.error({ err: error }, 'work engine run failed'),
    );
  }

  /**
   * Runs every item due now, until none is left. Runs never overlap: callers during a run share one
   * follow-up run, so work recorded meanwhile is still seen.
   */
  runDue(): Promise<void> {
    if (this.#stopping()) return Promise.resolve();
    if (this.#queued) return this.#queued;
    const start = (): Promise<void> => {
      this.#queued = undefined;
      const run = this.#runOnce().finally(() => {
        if (this.#running === run) this.#running = undefined;
      });
      this.#running = run;
      return run;
    };
    if (!this.#running) return start();
    const follow = this.#running.then(start, start);
    this.#queued = follow;
    return follow;
  }

  /** Stops claiming; items in flight finish, claimed ones not started are given back. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([this.#running, this.#queued]);
  }

  #stopping(): boolean {
    return this.#stopped || (this.options.shouldStop?.() ?? false);
  }

  async #runOnce(): Promise<void> {
    const { db, logger } = this.options;
    const claimed = new Map<string, { started: boolean }>();
    const buffer: WorkItemRow[] = [];
    // Nothing was due at the last claim; items still running may record more work (the next group).
    let exhausted = false;
    let running = 0;
    let finished: { promise: Promise<void>; resolve: () => void } | undefined;
    const oneFinished = () => (finished ??= withResolvers()).promise;
    let claiming: Promise<void> | undefined;
    const renewal = setInterval(
      () => {
        const keys = [...claimed.keys()];
        renewWorkLeases(db, this.owner, keys, this.#realNow() + this.#leaseMs).catch((error: unknown) =>
          logger.warn({ err: error, items: keys.length }, 'work leases could not be renewed'),
        );
      },
      Math.max(100, Math.floor(this.#leaseMs / 3)),
    );
    renewal.unref();

    const next = async (): Promise<WorkItemRow | undefined> => {
      for (;;) {
        if (this.#stopping()) return undefined;
        const item = buffer.shift();
        if (item) return item;
        if (exhausted) {
          if (running === 0) return undefined;
          await oneFinished();
          continue;
        }
        claiming ??= claimDueWork(db, {
          owner: this.owner,
          dueBy: this.options.clock.now().getTime(),
          realNow: this.#realNow(),
          leaseMs: this.#leaseMs,
          limit: this.#concurrency,
          scope: this.scope,
        })
          .then((rows) => {
            if (rows.length === 0) exhausted = true;
            for (const row of rows) claimed.set(row.key, { started: false });
            buffer.push(...rows);
          })
          .finally(() => (claiming = undefined));
        await claiming;
      }
    };
    const worker = async () => {
      for (let item = await next(); item; item = await next()) {
        const entry = claimed.get(item.key);
        if (entry) entry.started = true;
        running++;
        try {
          await this.#execute(item);
        } finally {
          running--;
          claimed.delete(item.key);
          // Whatever the item recorded (a follow-on step) is looked for before this run ends.
          exhausted = false;
          const waiting = finished;
          finished = undefined;
          waiting?.resolve();
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: this.#concurrency }, worker));
    } finally {
      clearInterval(renewal);
      if (claimed.size > 0) {
        // Stopped with items claimed: give them back so the next active process takes them at once.
        const started = [...claimed].filter(([, c]) => c.started).map(([key]) => key);
        const unstarted = [...claimed].filter(([, c]) => !c.started).map(([key]) => key);
        await releaseWork(db, this.owner, { started, unstarted }, this.options.clock.now().getTime());
        logger.info({ started: started.length, unstarted: unstarted.length }, 'work released');
      }
    }
  }

  async #execute(item: WorkItemRow): Promise<void> {
    const { db, logger, clock } = this.options;
    const now = clock.now();
    const log = { key: item.key, kind: item.kind, guildId: item.guild_id, attempt: item.attempts };
    const kind = this.#kinds.get(item.kind);
    try {
      if (!kind) {
        await finishWork(
          db,
          item.key,
          this.owner,
          { state: 'failed', error: 'no handler for this kind' },
          now.getTime(),
        );
        logger.error(log, 'work of an unknown kind');
        return;
      }
      const { outcome, onFailed } = await kind.attempt(item, now);
      const at = clock.now().getTime();
      let finished: boolean;
      if (outcome.outcome === 'done') {
        finished = await finishWork(db, item.key, this.owner, { state: 'done', result: outcome.result }, at);
        logger.debug(log, 'work done');
      } else if (outcome.outcome === 'skipped') {
        finished = await finishWork(
          db,
          item.key,
          this.owner,
          { state: 'done', result: { skipped: outcome.reason } },
          at,
        );
        logger.info({ ...log, reason: outcome.reason }, 'work skipped');
      } else {
        const { failure } = outcome;
        const error = `${failure.kind}: ${failure.message}`;
        const retry = outcome.outcome === 'retry' && shouldRetry(failure.kind, item.attempts);
        if (retry) {
          finished = await finishWork(
            db,
            item.key,
            this.owner,
            { state: 'pending', error, nextAttemptAt: now.getTime() + backoffMs(item.attempts) },
            at,
          );
        } else {
          await onFailed(failure);
          finished = await finishWork(db, item.key, this.owner, { state: 'failed', error }, at);
        }
        logger.warn({ ...log, retry, kind: failure.kind, error: failure.message }, 'work attempt failed');
      }
      if (!finished) logger.warn(log, 'work finished after its lease passed to another process');
    } catch (error) {
      // The database failed us mid-item: leave the claim to expire, the next claim resolves the outcome.
      logger.error({ ...log, err: error }, 'work item could not be recorded');
    }
  }
}
