/**
 * Which Discord shard serves a server. Discord routes a server's gateway events (interactions included)
 * to shard (guild_id >> 22) % shard_count, so a process that holds some shards serves exactly those
 * servers: it answers their interactions and runs their rounds and nothing else.
 */
export interface ShardScope {
  /** Total number of shards of the bot (Discord's `shard_count`). */
  count: number;
  /** The shards this process holds. */
  ids: readonly number[];
}

/** One process holding the only shard: the default, and every server is served. */
export const SINGLE_SHARD: ShardScope = { count: 1, ids: [0] };

export function shardOf(guildId: string, count: number): number {
  if (!/^\d{1,20}$/.test(guildId)) throw new Error(`not a snowflake: ${guildId}`);
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

export function servesGuild(scope: ShardScope, guildId: string): boolean {
  return scope.count <= 1 || scope.ids.includes(shardOf(guildId, scope.count));
}
