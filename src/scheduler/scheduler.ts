import { performance } from 'node:perf_hooks';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

/**
 * A scheduled job. Jobs keep what must happen, and what already happened, in the database, so a run
 * is idempotent: running it late, twice, or after a crash does the right thing.
 */
export interface Job {
  name: string;
  /** node-cron expression for how often to look for due work. */
  cron: string;
  run(now: Date): Promise<void>;
}

/** node-cron only wakes the jobs; the time they act on comes from the clock, so tests and the playground can move it. */
export class Scheduler {
  readonly #tasks: ScheduledTask[] = [];
  readonly #running = new Map<string, Promise<void>>();
  readonly #queued = new Map<string, Promise<void>>();
  #stopped = false;
  #paused = false;

  constructor(
    private readonly jobs: readonly Job[],
    private readonly deps: { logger: Logger; clock: Clock },
  ) {
    for (const job of jobs) {
      if (!cron.validate(job.cron))
        throw new Error(`Invalid cron expression for job ${job.name}: ${job.cron}`);
    }
  }

  start(): void {
    this.resume();
    if (this.#tasks.length > 0) return;
    for (const job of this.jobs) {
      this.#tasks.push(cron.schedule(job.cron, () => this.runJob(job), { name: job.name, noOverlap: true }));
    }
  }

  /** Lets runs happen again after `pause()`, without starting timers (tests drive `tick()` themselves). */
  resume(): void {
    this.#paused = false;
  }

  /**
   * Stops the timers and new runs, and waits for runs in progress (a standby instance does no scheduled
   * work); `start()` carries on later.
   */
  async pause(): Promise<void> {
    this.#paused = true;
    const tasks = this.#tasks.splice(0);
    await Promise.all(tasks.map((task) => task.destroy()));
    await Promise.allSettled([...this.#running.values(), ...this.#queued.values()]);
  }

  /** Runs every job once now (start-up catch-up, tests, the playground's `advance`). */
  async tick(): Promise<void> {
    for (const job of this.jobs) await this.runJob(job);
  }

  /**
   * One run of a job that starts after this call. Runs never overlap: while one is in progress, callers
   * share a single follow-up run (so work added meanwhile is still seen, and bursts do not pile up).
   */
  runJob(job: Job): Promise<void> {
    if (this.#stopped || this.#paused) return Promise.resolve();
    const queued = this.#queued.get(job.name);
    if (queued) return queued;
    const current = this.#running.get(job.name);
    const start = (): Promise<void> => {
      this.#queued.delete(job.name);
      const run = this.#run(job).finally(() => {
        if (this.#running.get(job.name) === run) this.#running.delete(job.name);
      });
      this.#running.set(job.name, run);
      return run;
    };
    if (!current) return start();
    const follow = current.then(start);
    this.#queued.set(job.name, follow);
    return follow;
  }

  async #run(job: Job): Promise<void> {
    const started = performance.now();
    const now = this.deps.clock.now();
    try {
      await job.run(now);
      this.deps.logger.info(
        { job: job.name, at: now.toISOString(), ms: Math.round(performance.now() - started), outcome: 'ok' },
        'scheduled run',
      );
    } catch (error) {
      this.deps.logger.error(
        {
          job: job.name,
          at: now.toISOString(),
          ms: Math.round(performance.now() - started),
          outcome: 'error',
          err: error,
        },
        'scheduled run',
      );
    }
  }

  /** Stops the timers and waits for runs in progress to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#tasks.splice(0).map((task) => task.destroy()));
    await Promise.allSettled([...this.#running.values(), ...this.#queued.values()]);
  }
}
