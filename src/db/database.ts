import type { GuildTable } from './tables/guild.js';

/** Every table Kysely knows about. Timestamps are epoch milliseconds (INTEGER). */
export interface Database {
  guild: GuildTable;
}
