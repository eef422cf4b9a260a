/**
 * The database a bot process starts on when a check-in round is the subject: a weekly round by DM that
 * opened at 00:00 UTC today in real time (a process has the real clock), every member joined. Shared by the
 * process tests and the benches that deliver rounds.
 */
import { DatabaseConfigSchema } from '../src/config.js';
import { openConfiguredDatabase, type DatabaseHandle } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { joinCheckins, saveCheckinConfig } from '../src/db/repositories/checkins.js';
import { roundWindow } from '../src/domain/checkins/schedule.js';
import { weekdayFromNumber } from '../src/domain/time/weekday.js';
import type { FakeGuild, FakeMessage } from '../fake-discord/index.js';

/** Where the database is: a SQLite file, or a PostgreSQL URL. */
export type DatabaseLocation = { DATABASE_PATH: string } | { DATABASE_URL: string };

/** A weekly schedule whose round opened at 00:00 UTC on `now`'s day. */
export function scheduleOpenedToday(now: Date) {
  return {
    weekday: weekdayFromNumber(((now.getUTCDay() + 6) % 7) + 1),
    time: '00:00',
    timezone: 'UTC',
    reminderLeadHours: 1,
  } as const;
}

/** Opens and migrates the database; the caller closes the handle. */
export async function openMigrated(location: DatabaseLocation): Promise<DatabaseHandle> {
  const handle = openConfiguredDatabase(DatabaseConfigSchema.parse(location));
  try {
    await migrateToLatest(handle.db);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Check-ins by DM in every server with today's round, every member joined. `since: 'now'` sets them up just
 * now, so the round that opened before does not start by itself (a bench starts it with send-now);
 * `since: 'always'` makes it due at once. Returns the round's key.
 */
export async function seedCheckinsToday(
  location: DatabaseLocation,
  guilds: readonly FakeGuild[],
  since: 'now' | 'always',
): Promise<string> {
  const handle = await openMigrated(location);
  try {
    const now = new Date();
    const schedule = scheduleOpenedToday(now);
    const activeSince = since === 'now' ? now.getTime() : 0;
    for (const guild of guilds) {
      await saveCheckinConfig(handle.db, {
        guild_id: guild.id,
        channel_id: guild.channels[0]!.id,
        weekday: schedule.weekday,
        time: schedule.time,
        timezone: schedule.timezone,
        reminder_lead_hours: schedule.reminderLeadHours,
        delivery: 'dm',
        active_since: activeSince,
        updated_at: activeSince,
        updated_by: guild.ownerId,
      });
      await handle.db.transaction().execute(async (trx) => {
        for (const member of guild.members) await joinCheckins(trx, guild.id, member.id, now);
      });
    }
    return roundWindow(schedule, now).key;
  } finally {
    await handle.close();
  }
}

/** A check-in prompt, as the bot sends it by DM. */
export const isCheckinPrompt = (message: FakeMessage) =>
  JSON.stringify(message.embeds).includes('Weekly check-in');
