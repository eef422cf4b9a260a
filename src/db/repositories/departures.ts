import type { Kysely } from 'kysely';
import type { Database } from '../database.js';

/** Records that a member left; a second report keeps the first date (the retention clock does not restart). */
export async function recordDeparture(
  db: Kysely<Database>,
  guildId: string,
  userId: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('member_departure')
    .values({ guild_id: guildId, user_id: userId, left_at: at.getTime() })
    .onConflict((oc) => oc.columns(['guild_id', 'user_id']).doNothing())
    .execute();
}

/** The member is back (or was never gone): nothing of theirs is due for deletion. */
export async function clearDeparture(db: Kysely<Database>, guildId: string, userId: string): Promise<void> {
  await db
    .deleteFrom('member_departure')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

export async function isDeparted(db: Kysely<Database>, guildId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('member_departure')
    .select('left_at')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Members who left before `cutoff` and whose data is still here. */
export async function departuresBefore(
  db: Kysely<Database>,
  cutoff: Date,
): Promise<Array<{ guildId: string; userId: string }>> {
  const rows = await db
    .selectFrom('member_departure')
    .select(['guild_id', 'user_id'])
    .where('left_at', '<', cutoff.getTime())
    .execute();
  return rows.map((row) => ({ guildId: row.guild_id, userId: row.user_id }));
}
