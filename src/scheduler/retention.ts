import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { departuresBefore } from '../db/repositories/departures.js';
import { deleteMemberData, guildsLeftBefore, purgeGuildData } from '../db/repositories/member-data.js';
import { deleteFinishedWork } from '../db/repositories/work-items.js';
import type { MemberPresence } from '../discord/presence.js';
import { servesGuild, SINGLE_SHARD, type ShardScope } from '../domain/shards/shards.js';
import { DAY_MS } from '../domain/time/duration.js';
import type { Logger } from '../logger.js';
import type { Job } from './scheduler.js';

export interface RetentionDeps {
  db: Kysely<Database>;
  logger: Logger;
  retentionDays: number;
  presence: Pick<MemberPresence, 'lookUp'>;
  /** The servers this process looks after: those of the shards it is active for (default: all). */
  scope?: ShardScope;
}

/**
 * Deletes a server's data once the bot has been gone from it for the grace period, and a member's once
 * they have been gone from a server that long (unless they came back: Discord is asked once more first).
 */
export function retentionJob(deps: RetentionDeps): Job {
  return {
    name: 'data-retention',
    cron: '17 * * * *',
    async run(now) {
      const cutoff = new Date(now.getTime() - deps.retentionDays * DAY_MS);
      // Finished work: the domain rows keep the outcome; the item only guarded against doing it twice.
      const finished = await deleteFinishedWork(deps.db, cutoff.getTime());
      if (finished > 0) deps.logger.info({ items: finished }, 'finished work items deleted');
      const serves = (guildId: string) => servesGuild(deps.scope ?? SINGLE_SHARD, guildId);
      for (const guildId of await guildsLeftBefore(deps.db, cutoff)) {
        if (!serves(guildId)) continue;
        const rows = await purgeGuildData(deps.db, guildId);
        deps.logger.info(
          { guildId, rows, retentionDays: deps.retentionDays },
          'server data deleted after removal',
        );
      }
      for (const { guildId, userId } of await departuresBefore(deps.db, cutoff)) {
        if (!serves(guildId)) continue;
        let stillGone: boolean;
        try {
          stillGone = !(await deps.presence.lookUp(guildId, userId, now));
        } catch (error) {
          // Discord could not answer (or the bot left that server: the server's own purge covers it).
          deps.logger.warn({ err: error, guildId, userId }, 'could not check a departed member; later');
          continue;
        }
        if (!stillGone) continue;
        const counts = await deleteMemberData(deps.db, guildId, userId);
        const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
        deps.logger.info(
          { guildId, userId, rows, retentionDays: deps.retentionDays },
          'member data deleted after they left',
        );
      }
    },
  };
}
