import type { Kysely } from 'kysely';
import type { InterviewConfig } from '../../../domain/interviews/types.js';
import type { Database } from '../../database.js';
import type { InterviewConfigRow } from '../../tables/interviews.js';

type Db = Kysely<Database>;

function rowToInterviewConfig(row: InterviewConfigRow): InterviewConfig {
  return {
    guildId: row.guild_id,
    channelId: row.channel_id,
    weekday: row.weekday,
    time: row.time,
    timezone: row.timezone,
    cadence: row.cadence,
    anchorKey: row.anchor_key,
    activeSince: row.active_since,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function interviewConfigToRow(config: InterviewConfig): InterviewConfigRow {
  return {
    guild_id: config.guildId,
    channel_id: config.channelId,
    weekday: config.weekday,
    time: config.time,
    timezone: config.timezone,
    cadence: config.cadence,
    anchor_key: config.anchorKey,
    active_since: config.activeSince,
    updated_at: config.updatedAt,
    updated_by: config.updatedBy,
  };
}

export async function getInterviewConfig(db: Db, guildId: string): Promise<InterviewConfig | undefined> {
  const row = await db
    .selectFrom('interview_config')
    .selectAll()
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row && rowToInterviewConfig(row);
}

export async function listInterviewConfigs(db: Db): Promise<InterviewConfig[]> {
  const rows = await db.selectFrom('interview_config').selectAll().orderBy('guild_id').execute();
  return rows.map(rowToInterviewConfig);
}

export async function saveInterviewConfig(db: Db, config: InterviewConfig): Promise<void> {
  const row = interviewConfigToRow(config);
  const { guild_id: _guild, ...rest } = row;
  await db
    .insertInto('interview_config')
    .values(row)
    .onConflict((oc) => oc.column('guild_id').doUpdateSet(rest))
    .execute();
}
