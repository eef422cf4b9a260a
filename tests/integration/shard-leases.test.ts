import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { getLease } from '../../src/db/repositories/instance-lease.js';
import { ShardLeases, leaseScopeOf } from '../../src/instance/shard-leases.js';
import { createLogger } from '../../src/logger.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

let test: TestDatabase;
const running: ShardLeases[] = [];

beforeEach(async () => {
  test = await openTestDatabase();
  await migrateToLatest(test.handle.db);
});

afterEach(async () => {
  for (const leases of running.splice(0)) await leases.release();
  await test.close();
});

/** Two servers: one routed to shard 0 of 2, one to shard 1 ((id >> 22) % 2). */
const ON_SHARD_0 = (2n << 22n).toString();
const ON_SHARD_1 = (3n << 22n).toString();

function leases(owner: string, ids: number[], events: string[] = []): ShardLeases {
  const made = new ShardLeases({
    db: test.handle.db,
    logger: createLogger('silent'),
    ttlMs: 15_000,
    pollMs: 50,
    owner,
    scope: { count: 2, ids },
    onActive: async (shardId) => void events.push(`${owner} active ${shardId}`),
    onLost: async (shardId) => void events.push(`${owner} lost ${shardId}`),
  });
  running.push(made);
  return made;
}

describe('one lease per shard', () => {
  it('names a single shard as the whole bot, and shards of several as shard:<id>', () => {
    expect(leaseScopeOf(0, 1)).toBe('bot');
    expect(leaseScopeOf(1, 2)).toBe('shard:1');
  });

  it('a process is active for the shards nobody holds and stands by for the others; a release hands over', async () => {
    const events: string[] = [];
    const a = leases('A', [0], events);
    await a.start();
    const b = leases('B', [0, 1], events);
    await b.start();

    expect(a.shards()).toEqual([{ id: 0, role: 'active' }]);
    expect(b.shards()).toEqual([
      { id: 0, role: 'standby' },
      { id: 1, role: 'active' },
    ]);
    expect(b.role).toBe('active');
    // Each server is served by exactly one process: the one active for its shard.
    expect([a.servesGuild(ON_SHARD_0), b.servesGuild(ON_SHARD_0)]).toEqual([true, false]);
    expect([a.servesGuild(ON_SHARD_1), b.servesGuild(ON_SHARD_1)]).toEqual([false, true]);
    // DMs reach shard 0 only.
    expect(b.servesGuild(null)).toBe(false);
    expect(await getLease(test.handle.db, 'shard:0')).toMatchObject({ owner: 'A' });
    expect(await getLease(test.handle.db, 'shard:1')).toMatchObject({ owner: 'B' });

    await a.release();
    await b.waitUntilActive(5_000);
    expect(b.servesGuild(ON_SHARD_0)).toBe(true);
    expect(events).toEqual(['A active 0', 'B active 1', 'B active 0']);
  });
});
