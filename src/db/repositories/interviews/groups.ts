import type { Kysely } from 'kysely';
import type { PastGroup } from '../../../domain/interviews/pairing-types.js';
import type {
  AddState,
  FollowUpState,
  GroupMember,
  GroupState,
  InterviewGroup,
  MemberGroup,
} from '../../../domain/interviews/types.js';
import type { Database } from '../../database.js';
import type { InterviewGroupMemberRow, InterviewGroupRow } from '../../tables/interviews.js';

type Db = Kysely<Database>;

function rowToInterviewGroup(row: InterviewGroupRow): InterviewGroup {
  return {
    id: row.id,
    roundId: row.round_id,
    guildId: row.guild_id,
    position: row.position,
    state: row.state,
    threadId: row.thread_id,
    messageId: row.message_id,
    error: row.error,
    followUpState: row.follow_up_state,
    updatedAt: row.updated_at,
  };
}

/** The stored JSON array of question ids; anything else reads as no question. */
function parseQuestionIds(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) && value.every((id) => typeof id === 'string') ? value : [];
}

function rowToGroupMember(row: InterviewGroupMemberRow): GroupMember {
  return {
    groupId: row.group_id,
    roundId: row.round_id,
    guildId: row.guild_id,
    userId: row.user_id,
    position: row.position,
    questionIds: parseQuestionIds(row.question_ids),
    addState: row.add_state,
    addError: row.add_error,
  };
}

export async function listGroups(db: Db, roundId: number): Promise<InterviewGroup[]> {
  const rows = await db
    .selectFrom('interview_group')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('position')
    .execute();
  return rows.map(rowToInterviewGroup);
}

export async function getGroup(db: Db, groupId: number): Promise<InterviewGroup | undefined> {
  const row = await db.selectFrom('interview_group').selectAll().where('id', '=', groupId).executeTakeFirst();
  return row && rowToInterviewGroup(row);
}

export async function updateGroup(
  db: Db,
  groupId: number,
  changes: {
    state?: GroupState;
    threadId?: string;
    messageId?: string;
    error?: string | null;
    followUpState?: FollowUpState;
  },
  at: Date,
): Promise<void> {
  await db
    .updateTable('interview_group')
    .set({
      updated_at: at.getTime(),
      ...(changes.state !== undefined ? { state: changes.state } : {}),
      ...(changes.threadId !== undefined ? { thread_id: changes.threadId } : {}),
      ...(changes.messageId !== undefined ? { message_id: changes.messageId } : {}),
      ...(changes.error !== undefined ? { error: changes.error } : {}),
      ...(changes.followUpState !== undefined ? { follow_up_state: changes.followUpState } : {}),
    })
    .where('id', '=', groupId)
    .execute();
}

export async function listGroupMembers(db: Db, groupId: number): Promise<GroupMember[]> {
  const rows = await db
    .selectFrom('interview_group_member')
    .selectAll()
    .where('group_id', '=', groupId)
    .orderBy('position')
    .execute();
  return rows.map(rowToGroupMember);
}

export async function listRoundGroupMembers(db: Db, roundId: number): Promise<GroupMember[]> {
  const rows = await db
    .selectFrom('interview_group_member')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('group_id')
    .orderBy('position')
    .execute();
  return rows.map(rowToGroupMember);
}

export async function updateGroupMember(
  db: Db,
  groupId: number,
  userId: string,
  changes: { addState: AddState; addError?: string | null },
): Promise<void> {
  await db
    .updateTable('interview_group_member')
    .set({
      add_state: changes.addState,
      ...(changes.addError !== undefined ? { add_error: changes.addError } : {}),
    })
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .execute();
}

/** The groups a member was placed in, newest first. */
export async function listMemberGroups(
  db: Db,
  guildId: string,
  userId: string,
  limit = 50,
): Promise<MemberGroup[]> {
  const rows = await db
    .selectFrom('interview_group_member as gm')
    .innerJoin('interview_group as g', 'g.id', 'gm.group_id')
    .innerJoin('interview_round as r', 'r.id', 'gm.round_id')
    .select([
      'gm.group_id',
      'gm.round_id',
      'r.round_key',
      'r.opens_at',
      'r.closes_at',
      'r.closed_at',
      'g.state',
      'g.thread_id',
    ])
    .where('gm.guild_id', '=', guildId)
    .where('gm.user_id', '=', userId)
    .orderBy('gm.round_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    groupId: row.group_id,
    roundId: row.round_id,
    roundKey: row.round_key,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    closedAt: row.closed_at,
    state: row.state,
    threadId: row.thread_id,
  }));
}

export async function listMembersOfGroups(db: Db, groupIds: readonly number[]): Promise<GroupMember[]> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('interview_group_member')
    .selectAll()
    .where('group_id', 'in', groupIds)
    .orderBy('group_id')
    .orderBy('position')
    .execute();
  return rows.map(rowToGroupMember);
}

/**
 * Groups of the latest `lookbackRounds` rounds, as the pairing engine's history (round = round id, so a
 * higher number is more recent). Groups Discord refused are left out: their members never met.
 */
export async function pastGroups(db: Db, guildId: string, lookbackRounds: number): Promise<PastGroup[]> {
  const rounds = await db
    .selectFrom('interview_round')
    .select('id')
    .where('guild_id', '=', guildId)
    .orderBy('id', 'desc')
    .limit(lookbackRounds)
    .execute();
  if (rounds.length === 0) return [];
  const rows = await db
    .selectFrom('interview_group_member as gm')
    .innerJoin('interview_group as g', 'g.id', 'gm.group_id')
    .select(['gm.group_id', 'gm.round_id', 'gm.user_id'])
    .where(
      'gm.round_id',
      'in',
      rounds.map((r) => r.id),
    )
    .where('g.state', '!=', 'failed')
    // Members by id within a group: what SQLite's key order gave implicitly, now said for every engine.
    .orderBy('gm.group_id')
    .orderBy('gm.user_id')
    .execute();
  const groups = new Map<number, { round: number; memberIds: string[] }>();
  for (const row of rows) {
    let group = groups.get(row.group_id);
    if (!group) groups.set(row.group_id, (group = { round: row.round_id, memberIds: [] }));
    group.memberIds.push(row.user_id);
  }
  return [...groups.values()];
}

/** Question ids each member was already asked, for the members given. */
export async function askedQuestions(
  db: Db,
  guildId: string,
  userIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const asked = new Map<string, Set<string>>();
  // SQLite caps bound parameters; chunks keep far below it.
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('interview_asked_question')
      .select(['user_id', 'question_id'])
      .where('guild_id', '=', guildId)
      .where('user_id', 'in', userIds.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      let set = asked.get(row.user_id);
      if (!set) asked.set(row.user_id, (set = new Set()));
      set.add(row.question_id);
    }
  }
  return asked;
}
