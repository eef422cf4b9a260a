import type { Insertable, Selectable } from 'kysely';

/** One row per server the bot has ever been in; `left_at` starts the data-retention grace period. */
export interface GuildTable {
  guild_id: string;
  joined_at: number;
  left_at: number | null;
}

export type GuildRow = Selectable<GuildTable>;
export type NewGuildRow = Insertable<GuildTable>;
