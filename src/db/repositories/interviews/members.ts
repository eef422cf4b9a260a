import type { Kysely } from 'kysely';
import type { InterviewMember } from '../../../domain/interviews/types.js';
import type { Database } from '../../database.js';
import type { InterviewMemberRow, InterviewMemberTable } from '../../tables/interviews.js';

type Db = Kysely<Database>;

function rowToInterviewMember(row: InterviewMemberRow): InterviewMember {
  return {
    guildId: row.guild_id,
    userId: row.user_id,
    focus: row.focus,
    level: row.level,
    timezone: row.timezone,
    active: row.active === 1,
    joinedAt: row.joined_at,
    leftAt: row.left_at,
    removedReason: row.removed_reason,
    skipNext: row.skip_next === 1,
  };
}

export type InterviewMemberChanges = Partial<Omit<InterviewMember, 'guildId' | 'userId'>>;

/** Only the columns a change names: an update never overwrites what it does not mention. */
function changesToColumns(
  changes: InterviewMemberChanges,
): Partial<Omit<InterviewMemberTable, 'guild_id' | 'user_id'>> {
  const set: Partial<Omit<InterviewMemberTable, 'guild_id' | 'user_id'>> = {};
  if (changes.focus !== undefined) set.focus = changes.focus;
  if (changes.level !== undefined) set.level = changes.level;
  if (changes.timezone !== undefined) set.timezone = changes.timezone;
  if (changes.active !== undefined) set.active = changes.active ? 1 : 0;
  if (changes.joinedAt !== undefined) set.joined_at = changes.joinedAt;
  if (changes.leftAt !== undefined) set.left_at = changes.leftAt;
  if (changes.removedReason !== undefined) set.removed_reason = changes.removedReason;
  if (changes.skipNext !== undefined) set.skip_next = changes.skipNext ? 1 : 0;
  return set;
}

export async function getInterviewMember(
  db: Db,
  guildId: string,
  userId: string,
): Promise<InterviewMember | undefined> {
  const row = await db
    .selectFrom('interview_member')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && rowToInterviewMember(row);
}

export async function saveInterviewMember(db: Db, member: InterviewMember): Promise<void> {
  const rest = {
    focus: member.focus,
    level: member.level,
    timezone: member.timezone,
    active: member.active ? 1 : 0,
    joined_at: member.joinedAt,
    left_at: member.leftAt,
    removed_reason: member.removedReason,
    skip_next: member.skipNext ? 1 : 0,
  };
  await db
    .insertInto('interview_member')
    .values({ guild_id: member.guildId, user_id: member.userId, ...rest })
    .onConflict((oc) => oc.columns(['guild_id', 'user_id']).doUpdateSet(rest))
    .execute();
}

export async function updateInterviewMember(
  db: Db,
  guildId: string,
  userId: string,
  changes: InterviewMemberChanges,
): Promise<void> {
  await db
    .updateTable('interview_member')
    .set(changesToColumns(changes))
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

export async function listActiveInterviewMembers(db: Db, guildId: string): Promise<InterviewMember[]> {
  const rows = await db
    .selectFrom('interview_member')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('active', '=', 1)
    .orderBy('user_id')
    .execute();
  return rows.map(rowToInterviewMember);
}
