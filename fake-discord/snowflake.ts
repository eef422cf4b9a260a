/** Discord snowflakes: 64-bit ids whose top 42 bits are milliseconds since the Discord epoch (2015). */
export const DISCORD_EPOCH = 1_420_070_400_000;

const SNOWFLAKE_PATTERN = /^\d{17,19}$/;

/** Builds the id Discord would give an object created at `timestampMs` (17–19 digits for any date after 2015-03). */
export function snowflakeAt(timestampMs: number, increment = 0, worker = 1): string {
  const time = BigInt(Math.max(0, Math.floor(timestampMs) - DISCORD_EPOCH));
  return ((time << 22n) | (BigInt(worker & 0x1f) << 17n) | BigInt(increment & 0xfff)).toString();
}

export function snowflakeTimestamp(id: string): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
}

export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && SNOWFLAKE_PATTERN.test(value);
}

/**
 * Hands out strictly increasing ids. Ids must grow because discord.js and the fake sort members and messages
 * by id, and @discordjs/rest only recognises 17–19-digit ids as route major parameters.
 */
export class SnowflakeGenerator {
  private lastTime = 0;
  private increment = 0;

  constructor(private readonly worker = 1) {}

  next(now = Date.now()): string {
    let time = Math.max(Math.floor(now), this.lastTime);
    if (time === this.lastTime) {
      this.increment += 1;
      // 4096 ids per millisecond per worker: borrow the next millisecond rather than repeat an id.
      if (this.increment > 0xfff) {
        time += 1;
        this.increment = 0;
      }
    } else {
      this.increment = 0;
    }
    this.lastTime = time;
    return snowflakeAt(time, this.increment, this.worker);
  }
}

/**
 * A server id that Discord routes to `shardId` of `shardCount` ((id >> 22) % count), for worlds with one
 * server per shard. Ids of different shards differ by a few milliseconds of creation time.
 */
export function guildIdOnShard(shardId: number, shardCount: number, near = Date.now()): string {
  const base = Math.floor(near) - DISCORD_EPOCH;
  const time = base - (base % shardCount) + shardId;
  return snowflakeAt(time + DISCORD_EPOCH, 0, 4);
}
