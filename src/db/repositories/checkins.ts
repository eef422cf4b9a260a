import type { Kysely } from 'kysely';
import type { CheckinSchedule } from '../../domain/checkins/schedule.js';
import type { CheckinConfig, CheckinMember } from '../../domain/checkins/types.js';
import type { Database } from '../database.js';
import type { CheckinConfigRow, CheckinMemberRow } from '../tables/checkins.js';

/**
 * Check-in configuration and members. Rows are mapped to the domain's types here, so nothing above the
 * repositories sees a column name. Rounds and deliveries: checkin-rounds.ts; answers: checkin-answers.ts.
 */
type Db = Kysely<Database>;

// ---- configuration ----

function toCheckinConfig(row: CheckinConfigRow): CheckinConfig {
  return {
    guildId: row.guild_id,
    channelId: row.channel_id,
    schedule: {
      weekday: row.weekday as CheckinSchedule['weekday'],
      time: row.time,
      timezone: row.timezone,
      reminderLeadHours: row.reminder_lead_hours,
    },
    delivery: row.delivery,
    activeSince: row.active_since,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toConfigRow(config: CheckinConfig): CheckinConfigRow {
  return {
    guild_id: config.guildId,
    channel_id: config.channelId,
    weekday: config.schedule.weekday,
    time: config.schedule.time,
    timezone: config.schedule.timezone,
    reminder_lead_hours: config.schedule.reminderLeadHours,
    delivery: config.delivery,
    active_since: config.activeSince,
    updated_at: config.updatedAt,
    updated_by: config.updatedBy,
  };
}

export async function getCheckinConfig(db: Db, guildId: string): Promise<CheckinConfig | undefined> {
  const row = await db
    .selectFrom('checkin_config')
    .selectAll()
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row && toCheckinConfig(row);
}

export async function listCheckinConfigs(db: Db): Promise<CheckinConfig[]> {
  const rows = await db.selectFrom('checkin_config').selectAll().orderBy('guild_id').execute();
  return rows.map(toCheckinConfig);
}

/** Saves a configuration in its stored form (tests and benches seed servers with it). */
export async function saveCheckinConfig(db: Db, row: CheckinConfigRow): Promise<void> {
  const { guild_id: _guild, ...rest } = row;
  await db
    .insertInto('checkin_config')
    .values(row)
    .onConflict((oc) => oc.column('guild_id').doUpdateSet(rest))
    .execute();
}

/**
 * A new schedule takes over at its first opening: rounds still open close then at the latest (their
 * reminder too), so two schedules never run side by side. Saved with the new configuration, atomically.
 */
export async function saveConfigClosingOpenRounds(
  db: Db,
  config: CheckinConfig,
  closeBy: Date,
): Promise<void> {
  const closeByMs = closeBy.getTime();
  await db.transaction().execute(async (trx) => {
    await saveCheckinConfig(trx, toConfigRow(config));
    await trx
      .updateTable('checkin_round')
      .set({ remind_at: closeByMs })
      .where('guild_id', '=', config.guildId)
      .where('closed_at', 'is', null)
      .where('remind_at', '>', closeByMs)
      .execute();
    await trx
      .updateTable('checkin_round')
      .set({ closes_at: closeByMs })
      .where('guild_id', '=', config.guildId)
      .where('closed_at', 'is', null)
      .where('closes_at', '>', closeByMs)
      .execute();
  });
}

// ---- members ----

function toCheckinMember(row: CheckinMemberRow): CheckinMember {
  return {
    guildId: row.guild_id,
    userId: row.user_id,
    joinedAt: row.joined_at,
    active: row.active === 1,
    pausedUntil: row.paused_until,
    dmChannelId: row.dm_channel_id,
    dmClosed: row.dm_closed === 1,
  };
}

export async function getCheckinMember(
  db: Db,
  guildId: string,
  userId: string,
): Promise<CheckinMember | undefined> {
  const row = await db
    .selectFrom('checkin_member')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toCheckinMember(row);
}

export async function joinCheckins(db: Db, guildId: string, userId: string, at: Date): Promise<void> {
  await db
    .insertInto('checkin_member')
    .values({
      guild_id: guildId,
      user_id: userId,
      joined_at: at.getTime(),
      active: 1,
      paused_until: null,
      dm_closed: 0,
    })
    .onConflict((oc) => oc.columns(['guild_id', 'user_id']).doUpdateSet({ active: 1, paused_until: null }))
    .execute();
}

export type CheckinMemberChanges = Partial<
  Pick<CheckinMember, 'active' | 'pausedUntil' | 'dmChannelId' | 'dmClosed'>
>;

/** Changes a member's check-in state (leaving, a break, how they are reached). */
export async function changeCheckinMember(
  db: Db,
  guildId: string,
  userId: string,
  changes: CheckinMemberChanges,
): Promise<void> {
  await updateCheckinMember(db, guildId, userId, {
    ...(changes.active !== undefined ? { active: changes.active ? 1 : 0 } : {}),
    ...(changes.pausedUntil !== undefined ? { paused_until: changes.pausedUntil } : {}),
    ...(changes.dmChannelId !== undefined ? { dm_channel_id: changes.dmChannelId } : {}),
    ...(changes.dmClosed !== undefined ? { dm_closed: changes.dmClosed ? 1 : 0 } : {}),
  });
}

/** The same in stored form (benches seed members with it). */
export async function updateCheckinMember(
  db: Db,
  guildId: string,
  userId: string,
  changes: Partial<Pick<CheckinMemberRow, 'active' | 'paused_until' | 'dm_channel_id' | 'dm_closed'>>,
): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db
    .updateTable('checkin_member')
    .set(changes)
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

/** Leaves the check-ins of every server at once (from a DM); returns those servers. */
export async function leaveAllCheckins(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .updateTable('checkin_member')
    .set({ active: 0, paused_until: null })
    .where('user_id', '=', userId)
    .where('active', '=', 1)
    .returning('guild_id')
    .execute();
  return rows.map((row) => row.guild_id).sort();
}

export async function listActiveCheckinMembers(db: Db, guildId: string): Promise<CheckinMember[]> {
  const rows = await db
    .selectFrom('checkin_member')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('active', '=', 1)
    .orderBy('user_id')
    .execute();
  return rows.map(toCheckinMember);
}
