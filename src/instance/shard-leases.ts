import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { shardOf, type ShardScope } from '../domain/shards/shards.js';
import type { Logger } from '../logger.js';
import { BOT_SCOPE, defaultInstanceId, InstanceLease, type InstanceRole } from './lease.js';

/**
 * The lease that makes one process the active one for a shard. A single shard is the whole bot: it keeps
 * the scope it had before sharding, so a rolling deploy of an unsharded bot still hands over.
 */
export function leaseScopeOf(shardId: number, shardCount: number): string {
  return shardCount <= 1 ? BOT_SCOPE : `shard:${shardId}`;
}

export interface ShardRole {
  id: number;
  role: InstanceRole;
}

export interface ShardLeasesOptions {
  db: Kysely<Database>;
  logger: Logger;
  ttlMs: number;
  /** The shards this process connected (discord.js's shard ids and count, once ready). */
  scope: ShardScope;
  owner?: string;
  pollMs?: number;
  /** Called each time this process becomes the active one for `shardId`. */
  onActive(shardId: number): Promise<void>;
  /** Called when this process lost `shardId`'s lease (not renewed in time). */
  onLost(shardId: number): Promise<void>;
}

/**
 * One lease per shard this process holds, each taken or waited for on its own: a process on shards 0 and 1
 * may be active for 0 and standby for 1 while another process finishes shard 1's work. Discord delivers a
 * server's events, interactions included, to every session of its shard; the lease decides which answers.
 */
export class ShardLeases {
  readonly owner: string;
  readonly scope: ShardScope;
  readonly #leases = new Map<number, InstanceLease>();

  constructor(options: ShardLeasesOptions) {
    this.owner = options.owner ?? defaultInstanceId();
    this.scope = { count: options.scope.count, ids: [...options.scope.ids].sort((a, b) => a - b) };
    for (const shardId of this.scope.ids) {
      this.#leases.set(
        shardId,
        new InstanceLease({
          db: options.db,
          logger: options.logger.child({ shardId }),
          ttlMs: options.ttlMs,
          pollMs: options.pollMs,
          owner: this.owner,
          scope: leaseScopeOf(shardId, this.scope.count),
          onActive: () => options.onActive(shardId),
          onLost: () => options.onLost(shardId),
        }),
      );
    }
  }

  /** Whether this process is the active one for the shard that serves this server (DMs: shard 0). */
  servesGuild(guildId: string | null): boolean {
    const shardId = guildId === null || this.scope.count <= 1 ? 0 : shardOf(guildId, this.scope.count);
    return this.#leases.get(shardId)?.isActive() ?? false;
  }

  isActive(shardId: number): boolean {
    return this.#leases.get(shardId)?.isActive() ?? false;
  }

  /** The shards this process is active for now. */
  activeShardIds(): number[] {
    return this.scope.ids.filter((id) => this.isActive(id));
  }

  /** True while at least one held shard is active: scheduled work has something to do. */
  anyActive(): boolean {
    return [...this.#leases.values()].some((lease) => lease.isActive());
  }

  /** Per shard, active or standby. */
  shards(): ShardRole[] {
    return this.scope.ids.map((id) => ({ id, role: this.#leases.get(id)?.role ?? 'stopped' }));
  }

  /** Active when it serves any shard, standby when another process serves all of them. */
  get role(): InstanceRole {
    const roles = this.shards().map((shard) => shard.role);
    if (roles.includes('active')) return 'active';
    if (roles.includes('standby')) return 'standby';
    return roles[0] ?? 'stopped';
  }

  /** Tries each lease once (so a lone process is active as soon as this resolves), then keeps at it. */
  async start(): Promise<void> {
    await Promise.all([...this.#leases.values()].map((lease) => lease.start()));
  }

  /** Resolves once this process is active for every shard it holds. */
  async waitUntilActive(timeoutMs: number): Promise<void> {
    await Promise.all([...this.#leases.values()].map((lease) => lease.waitUntilActive(timeoutMs)));
  }

  /** Gives every lease up, so standbys take over at once. */
  async release(): Promise<void> {
    await Promise.all([...this.#leases.values()].map((lease) => lease.release()));
  }
}
