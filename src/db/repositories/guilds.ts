import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { GuildRow } from '../tables/guild.js';

/** The bot is (again) in this server: clears any pending deletion. */
export async function recordGuildJoined(db: Kysely<Database>, guildId: string, at: Date): Promise<void> {
  await db
    .insertInto('guild')
    .values({ guild_id: guildId, joined_at: at.getTime(), left_at: null })
    .onConflict((oc) => oc.column('guild_id').doUpdateSet({ left_at: null }))
    .execute();
}

export async function recordGuildLeft(db: Kysely<Database>, guildId: string, at: Date): Promise<void> {
  await db
    .insertInto('guild')
    .values({ guild_id: guildId, joined_at: at.getTime(), left_at: at.getTime() })
    .onConflict((oc) => oc.column('guild_id').doUpdateSet({ left_at: at.getTime() }))
    .execute();
}

export async function findGuild(db: Kysely<Database>, guildId: string): Promise<GuildRow | undefined> {
  return db.selectFrom('guild').selectAll().where('guild_id', '=', guildId).executeTakeFirst();
}
