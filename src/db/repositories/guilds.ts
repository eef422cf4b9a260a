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

/**
 * Servers removed while the bot was offline send no event; READY lists where the bot still is, so any
 * other server we hold as present is marked as left now (starting its grace period).
 */
export async function reconcileGuilds(
  db: Kysely<Database>,
  presentIds: readonly string[],
  at: Date,
  /** Which servers READY could list: with sharding, only the servers of the shards connected. */
  inScope: (guildId: string) => boolean = () => true,
): Promise<string[]> {
  const known = await db.selectFrom('guild').select('guild_id').where('left_at', 'is', null).execute();
  const present = new Set(presentIds);
  const gone = known.map((row) => row.guild_id).filter((id) => inScope(id) && !present.has(id));
  for (const id of gone) await recordGuildLeft(db, id, at);
  for (const id of presentIds) await recordGuildJoined(db, id, at);
  return gone;
}
