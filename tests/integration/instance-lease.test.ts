import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { acquireLease, getLease, releaseLease } from '../../src/db/repositories/instance-lease.js';
import { InstanceLease } from '../../src/instance/lease.js';
import { createLogger } from '../../src/logger.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

let test: TestDatabase;
// Two instances on one database: the same tables, each with its own owner id.
let a: DatabaseHandle;
let b: DatabaseHandle;

beforeEach(async () => {
  test = await openTestDatabase();
  await migrateToLatest(test.handle.db);
  a = test.handle;
  b = test.handle;
});

afterEach(async () => {
  await test.close();
});

const TTL = 15_000;

describe('instance lease', () => {
  it('goes to one owner; the other is refused until it expires, then takes it over', async () => {
    expect(await acquireLease(a.db, { scope: 'bot', owner: 'A', now: 1_000, ttlMs: TTL })).toBe(16_000);
    expect(await acquireLease(b.db, { scope: 'bot', owner: 'B', now: 2_000, ttlMs: TTL })).toBeUndefined();
    // The holder renews; the acquisition time stays.
    expect(await acquireLease(a.db, { scope: 'bot', owner: 'A', now: 10_000, ttlMs: TTL })).toBe(25_000);
    expect(await acquireLease(b.db, { scope: 'bot', owner: 'B', now: 24_999, ttlMs: TTL })).toBeUndefined();
    expect(await getLease(b.db, 'bot')).toMatchObject({ owner: 'A', acquired_at: 1_000, expires_at: 25_000 });
    // A not renewed in time: B takes over and A cannot come back while B holds it.
    expect(await acquireLease(b.db, { scope: 'bot', owner: 'B', now: 25_000, ttlMs: TTL })).toBe(40_000);
    expect(await acquireLease(a.db, { scope: 'bot', owner: 'A', now: 26_000, ttlMs: TTL })).toBeUndefined();
    expect(await getLease(a.db, 'bot')).toMatchObject({ owner: 'B', acquired_at: 25_000 });
  });

  it('a released lease is free at once, and only its owner can release it', async () => {
    await acquireLease(a.db, { scope: 'bot', owner: 'A', now: 1_000, ttlMs: TTL });
    await releaseLease(b.db, 'bot', 'B');
    expect(await acquireLease(b.db, { scope: 'bot', owner: 'B', now: 2_000, ttlMs: TTL })).toBeUndefined();
    await releaseLease(a.db, 'bot', 'A');
    expect(await acquireLease(b.db, { scope: 'bot', owner: 'B', now: 2_000, ttlMs: TTL })).toBe(17_000);
  });

  it('scopes are independent (one per shard, later)', async () => {
    expect(await acquireLease(a.db, { scope: 'shard:0', owner: 'A', now: 0, ttlMs: TTL })).toBe(TTL);
    expect(await acquireLease(b.db, { scope: 'shard:1', owner: 'B', now: 0, ttlMs: TTL })).toBe(TTL);
  });

  it('an active instance that cannot renew stops counting itself active before anyone else may start', async () => {
    let now = 0;
    const events: string[] = [];
    const logger = createLogger('silent');
    const holder = new InstanceLease({
      db: a.db,
      logger,
      ttlMs: TTL,
      owner: 'A',
      now: () => now,
      onActive: async () => void events.push('A active'),
      onLost: async () => void events.push('A lost'),
    });
    await holder.start();
    expect(holder.isActive()).toBe(true);
    // B steals nothing while A's lease runs; A's own view ends a margin before the recorded expiry.
    now = TTL - 1;
    expect(holder.isActive()).toBe(false);
    expect(await acquireLease(b.db, { scope: 'bot', owner: 'B', now, ttlMs: TTL })).toBeUndefined();
    now = TTL;
    expect(await acquireLease(b.db, { scope: 'bot', owner: 'B', now, ttlMs: TTL })).toBe(2 * TTL);
    await holder.release(); // A no longer holds it: its release must not delete B's row
    expect(await getLease(b.db, 'bot')).toMatchObject({ owner: 'B' });
    expect(events).toEqual(['A active']);
  });
});
