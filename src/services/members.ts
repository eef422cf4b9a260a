import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { isDeparted } from '../db/repositories/departures.js';

/** Whether the member is known to have left the server (recorded when Discord told us). */
export async function hasLeftServer(
  { db }: { db: Kysely<Database> },
  guildId: string,
  userId: string,
): Promise<boolean> {
  return isDeparted(db, guildId, userId);
}
