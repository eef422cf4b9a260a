import { describe, expect, it } from 'vitest';
import { SINGLE_SHARD, servesGuild, shardOf } from '../../src/domain/shards/shards.js';

describe('shardOf', () => {
  it('follows Discord: (guild_id >> 22) % shard_count', () => {
    // 81384788765712384 >> 22 = 19403645698: shard 0 of 2, shard 1 of 3.
    expect(shardOf('81384788765712384', 2)).toBe(0);
    expect(shardOf('81384788765712384', 3)).toBe(1);
    expect(shardOf('81384788765712384', 1)).toBe(0);
    expect(shardOf(String((5n << 22n) + 123n), 4)).toBe(1);
  });

  it('refuses what is not a snowflake', () => {
    expect(() => shardOf('12a', 2)).toThrow(/snowflake/);
  });

  it('a process serves only the servers of its shards', () => {
    const onShard = (shard: bigint) => String((shard << 22n) + 7n);
    const scope = { count: 3, ids: [0, 2] };
    expect(servesGuild(scope, onShard(0n))).toBe(true);
    expect(servesGuild(scope, onShard(1n))).toBe(false);
    expect(servesGuild(scope, onShard(5n))).toBe(true);
    expect(servesGuild(SINGLE_SHARD, onShard(1n))).toBe(true);
  });
});
