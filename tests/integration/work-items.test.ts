import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../src/clock.js';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import {
  cancelWork,
  claimDueWork,
  enqueueWork,
  finishWork,
  getWorkItem,
  listWorkItems,
  releaseWork,
  renewWorkLeases,
  type ClaimOptions,
} from '../../src/db/repositories/work-items.js';
import { SendError } from '../../src/discord/messenger.js';
import { shardOf } from '../../src/domain/shards/shards.js';
import { createLogger } from '../../src/logger.js';
import { MAX_ATTEMPTS } from '../../src/scheduler/retry.js';
import {
  defineWork,
  WorkEngine,
  type WorkAttempt,
  type WorkOutcome,
} from '../../src/scheduler/work-engine.js';
import { openTestDatabase, TEST_DIALECT, type TestDatabase } from '../support/databases.js';

let test: TestDatabase;
let handle: DatabaseHandle;

beforeEach(async () => {
  test = await openTestDatabase();
  handle = test.handle;
  await migrateToLatest(handle.db);
});
afterEach(async () => {
  await test.close();
});

const GUILD = '111111111111111111';
const T = Date.UTC(2026, 10, 16, 9);
const item = (n: number, guildId = GUILD) => ({
  key: `test.kind:${guildId}:${n}`,
  kind: 'test.kind',
  guildId,
  payload: { n },
});
const claim = (owner: string, extra: Partial<ClaimOptions> = {}) =>
  claimDueWork(handle.db, { owner, dueBy: T, realNow: 1_000, leaseMs: 500, limit: 100, ...extra });

describe('work items (repository)', () => {
  it('enqueueing the same key twice records one item, and leaves the first as it was', async () => {
    expect(await enqueueWork(handle.db, [item(1), item(2)], T)).toEqual([item(1).key, item(2).key]);
    expect(await enqueueWork(handle.db, [{ ...item(1), payload: { n: 99 } }, item(3)], T + 5)).toEqual([
      item(3).key,
    ]);
    const first = await getWorkItem(handle.db, item(1).key);
    expect(first).toMatchObject({ state: 'pending', attempts: 0, payload: '{"n":1}', created_at: T });
    expect(await listWorkItems(handle.db, { guildId: GUILD })).toHaveLength(3);
  });

  it('claims only what is due on the scheduling clock, and counts the attempt', async () => {
    await enqueueWork(handle.db, [item(1), { ...item(2), dueAt: T + 60_000 }], T);
    const claimed = await claim('A');
    expect(claimed.map((c) => [c.key, c.state, c.attempts, c.lease_owner, c.lease_expires_at])).toEqual([
      [item(1).key, 'running', 1, 'A', 1_500],
    ]);
    expect(await claim('A', { dueBy: T + 60_000 })).toHaveLength(1);
  });

  it('two claimers never get the same item', async () => {
    await enqueueWork(
      handle.db,
      Array.from({ length: 30 }, (_, n) => item(n)),
      T,
    );
    const a = await claim('A', { limit: 10 });
    const b = await claim('B', { limit: 50 });
    expect(a).toHaveLength(10);
    expect(b).toHaveLength(20);
    expect(new Set([...a, ...b].map((c) => c.key)).size).toBe(30);
    expect(await claim('C')).toEqual([]);
  });

  it('concurrent claims from separate connections split the work without overlap', async () => {
    const items = Array.from({ length: 200 }, (_, n) => item(n));
    await enqueueWork(handle.db, items, T);
    // On PostgreSQL these run on separate pooled connections at once (FOR UPDATE SKIP LOCKED); SQLite
    // serialises them. Either way every item is claimed exactly once.
    const rounds = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const mine: string[] = [];
        for (
          let batch = await claim(`owner-${i}`, { limit: 7 });
          batch.length > 0;
          batch = await claim(`owner-${i}`, { limit: 7 })
        )
          mine.push(...batch.map((c) => c.key));
        return mine;
      }),
    );
    const all = rounds.flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
    if (TEST_DIALECT === 'postgres') expect(rounds.filter((r) => r.length > 0).length).toBeGreaterThan(1);
  });

  it('an expired lease (real time) is claimed again; the old owner can then neither finish nor renew it', async () => {
    await enqueueWork(handle.db, [item(1)], T);
    await claim('A', { realNow: 1_000, leaseMs: 500 });
    expect(await claim('B', { realNow: 1_499 })).toEqual([]);
    expect(await renewWorkLeases(handle.db, 'A', [item(1).key], 2_000)).toBe(1);
    expect(await claim('B', { realNow: 1_999 })).toEqual([]);
    const taken = await claim('B', { realNow: 2_000 });
    expect(taken.map((c) => [c.lease_owner, c.attempts])).toEqual([['B', 2]]);
    expect(await renewWorkLeases(handle.db, 'A', [item(1).key], 9_000)).toBe(0);
    expect(await finishWork(handle.db, item(1).key, 'A', { state: 'done' }, T)).toBe(false);
    expect(await finishWork(handle.db, item(1).key, 'B', { state: 'done', result: { id: '1' } }, T)).toBe(
      true,
    );
    expect(await getWorkItem(handle.db, item(1).key)).toMatchObject({
      state: 'done',
      result: '{"id":"1"}',
      lease_owner: null,
    });
  });

  it('a retry waits for its next attempt time; released items are due at once', async () => {
    await enqueueWork(handle.db, [item(1), item(2), item(3)], T);
    await claim('A');
    await finishWork(
      handle.db,
      item(1).key,
      'A',
      { state: 'pending', error: 'retryable: 502', nextAttemptAt: T + 60_000 },
      T,
    );
    await releaseWork(handle.db, 'A', { started: [item(2).key], unstarted: [item(3).key] }, T);
    const again = await claim('B', { dueBy: T + 59_999 });
    // The started one keeps its attempt (the next claim is its second: outcome unknown); the other does not.
    expect(again.map((c) => [c.key, c.attempts])).toEqual([
      [item(2).key, 2],
      [item(3).key, 1],
    ]);
    expect((await claim('B', { dueBy: T + 60_000 })).map((c) => [c.key, c.attempts, c.error])).toEqual([
      [item(1).key, 2, 'retryable: 502'],
    ]);
  });

  it('cancels what is still owed under a key prefix, and nothing else', async () => {
    await enqueueWork(handle.db, [item(1), item(2), { ...item(3), key: 'other.kind:1', dueAt: T + 1 }], T);
    await claim('A', { limit: 1 });
    await finishWork(handle.db, item(1).key, 'A', { state: 'done' }, T);
    expect(
      await cancelWork(handle.db, { guildId: GUILD, keyPrefix: `test.kind:${GUILD}:` }, 'closed', T),
    ).toBe(1);
    const states = (await listWorkItems(handle.db, {})).map((w) => [w.key, w.state]);
    expect(states).toEqual([
      ['other.kind:1', 'pending'],
      [item(1).key, 'done'],
      [item(2).key, 'cancelled'],
    ]);
  });

  it('claims only the servers of the given shards, with real 64-bit snowflakes', async () => {
    // Snowflakes of today's size, one per shard of 4.
    const guilds = [0, 1, 2, 3].map((shard) =>
      String(((1_300_000_000_000n + BigInt(shard)) << 22n) | 12345n),
    );
    expect(guilds.map((g) => shardOf(g, 4))).toEqual([0, 1, 2, 3]);
    await enqueueWork(
      handle.db,
      guilds.map((g) => item(1, g)),
      T,
    );
    const claimed = await claim('A', { scope: { count: 4, ids: [1, 3] } });
    expect(claimed.map((c) => c.guild_id).sort()).toEqual([guilds[1], guilds[3]].sort());
    expect((await claim('B', { scope: { count: 4, ids: [0] } })).map((c) => c.guild_id)).toEqual([guilds[0]]);
    expect((await claim('C')).map((c) => c.guild_id)).toEqual([guilds[2]]);
  });
});

describe('the work engine', () => {
  const logger = createLogger('silent');
  const Payload = z.object({ n: z.number() });

  function engineWith(
    run: (work: WorkAttempt<{ n: number }>) => Promise<WorkOutcome>,
    options: { clock: ManualClock; failed?: string[]; realNow?: () => number; owner?: string },
  ) {
    return new WorkEngine({
      db: handle.db,
      logger,
      clock: options.clock,
      owner: options.owner ?? 'engine',
      leaseMs: 5_000,
      ...(options.realNow ? { realNow: options.realNow } : {}),
      kinds: [
        defineWork({
          kind: 'test.kind',
          payload: Payload,
          run,
          onFailed: async (work, failure) => void options.failed?.push(`${work.payload.n}:${failure.kind}`),
        }),
      ],
    });
  }

  it('retries a transient failure with back-off on the scheduling clock, then gives up and says so', async () => {
    const clock = new ManualClock(T);
    const failed: string[] = [];
    const attempts: number[] = [];
    const engine = engineWith(
      async (work) => {
        attempts.push(work.attempt);
        return { outcome: 'retry', failure: new SendError('retryable', '502 Bad Gateway') };
      },
      { clock, failed },
    );
    await enqueueWork(handle.db, [item(1)], T);
    await engine.runDue();
    expect(await getWorkItem(handle.db, item(1).key)).toMatchObject({
      state: 'pending',
      attempts: 1,
      next_attempt_at: T + 60_000,
      error: 'retryable: 502 Bad Gateway',
    });
    await engine.runDue(); // not due yet: nothing runs
    expect(attempts).toEqual([1]);
    for (let i = 0; i < 10; i++) {
      clock.advance(10 * 60_000);
      await engine.runDue();
    }
    expect(attempts).toEqual([1, 2, 3, 4, 5]);
    expect(MAX_ATTEMPTS).toBe(5);
    expect(failed).toEqual(['1:retryable']);
    expect(await getWorkItem(handle.db, item(1).key)).toMatchObject({ state: 'failed', attempts: 5 });
  });

  it('a refusal fails at once; a thrown error is classified; skipped work is done', async () => {
    const clock = new ManualClock(T);
    const failed: string[] = [];
    const engine = engineWith(
      async (work) => {
        if (work.payload.n === 1)
          return { outcome: 'retry', failure: new SendError('forbidden', 'Missing Access') };
        if (work.payload.n === 2) throw new Error('socket hang up');
        return { outcome: 'skipped', reason: 'left the server' };
      },
      { clock, failed },
    );
    await enqueueWork(handle.db, [item(1), item(2), item(3)], T);
    await engine.runDue();
    const rows = await listWorkItems(handle.db, {});
    expect(rows.map((r) => [r.key, r.state, r.error, r.result])).toEqual([
      [item(1).key, 'failed', 'forbidden: Missing Access', null],
      [item(2).key, 'pending', 'retryable: socket hang up', null],
      [item(3).key, 'done', null, '{"skipped":"left the server"}'],
    ]);
    expect(failed).toEqual(['1:forbidden']);
  });

  it("takes over a dead owner's item once its lease expires, and tells the handler the outcome is unknown", async () => {
    const clock = new ManualClock(T);
    let real = 1_000;
    await enqueueWork(handle.db, [item(1)], T);
    // The owner that died: it claimed the item (and perhaps sent it) and never recorded anything.
    await claimDueWork(handle.db, { owner: 'dead', dueBy: T, realNow: real, leaseMs: 5_000, limit: 1 });
    const seen: Array<[number, boolean]> = [];
    const engine = engineWith(
      async (work) => {
        seen.push([work.attempt, work.outcomeUnknown]);
        return { outcome: 'done', result: { found: work.outcomeUnknown } };
      },
      { clock, realNow: () => real },
    );
    await engine.runDue();
    expect(seen).toEqual([]);
    real = 6_000;
    await engine.runDue();
    expect(seen).toEqual([[2, true]]);
    expect(await getWorkItem(handle.db, item(1).key)).toMatchObject({
      state: 'done',
      result: '{"found":true}',
    });
  });

  it('runs at most `concurrency` items at once and every item once', async () => {
    const clock = new ManualClock(T);
    let running = 0;
    let peak = 0;
    const ran: number[] = [];
    const engine = engineWith(
      async (work) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        ran.push(work.payload.n);
        running--;
        return { outcome: 'done' };
      },
      { clock },
    );
    await enqueueWork(
      handle.db,
      Array.from({ length: 40 }, (_, n) => item(n)),
      T,
    );
    await engine.runDue();
    expect(peak).toBeLessThanOrEqual(8);
    expect(ran.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  it('stopping gives back what was claimed and not started, without counting an attempt', async () => {
    const clock = new ManualClock(T);
    let stop = false;
    const engine = new WorkEngine({
      db: handle.db,
      logger,
      clock,
      owner: 'stopping',
      concurrency: 1,
      shouldStop: () => stop,
      kinds: [
        defineWork({
          kind: 'test.kind',
          payload: Payload,
          run: async () => {
            stop = true; // shutdown begins while the first item runs
            return { outcome: 'done' };
          },
        }),
      ],
    });
    await enqueueWork(handle.db, [item(1), item(2)], T);
    await engine.runDue();
    const rows = await listWorkItems(handle.db, {});
    expect(rows.map((r) => [r.key, r.state, r.attempts, r.lease_owner])).toEqual([
      [item(1).key, 'done', 1, null],
      [item(2).key, 'pending', 0, null],
    ]);
  });
});
