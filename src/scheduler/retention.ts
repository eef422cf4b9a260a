import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { guildsLeftBefore, purgeGuildData } from '../db/repositories/member-data.js';
import { DAY_MS } from '../domain/time/duration.js';
import type { Logger } from '../logger.js';
import type { Job } from './scheduler.js';

/** Deletes a server's data once the bot has been gone from it for the grace period (unless it came back). */
export function retentionJob(deps: { db: Kysely<Database>; logger: Logger; retentionDays: number }): Job {
  return {
    name: 'data-retention',
    cron: '17 * * * *',
    async run(now) {
      const cutoff = new Date(now.getTime() - deps.retentionDays * DAY_MS);
      for (const guildId of await guildsLeftBefore(deps.db, cutoff)) {
        const rows = await purgeGuildData(deps.db, guildId);
        deps.logger.info(
          { guildId, rows, retentionDays: deps.retentionDays },
          'server data deleted after removal',
        );
      }
    },
  };
}
