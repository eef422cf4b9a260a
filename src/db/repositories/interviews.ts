import type { Kysely } from 'kysely';
import type { PastGroup } from '../../domain/interviews/pairing-types.js';
import type { InterviewFeedback } from '../../domain/interviews/feedback.js';
import type { Database } from '../database.js';
import type {
  AddState,
  GroupState,
  InterviewConfigRow,
  InterviewFeedbackRow,
  InterviewGroupMemberRow,
  InterviewGroupRow,
  InterviewMemberRow,
  InterviewReportRow,
  InterviewRoundRow,
  ReportOutcome,
} from '../tables/interviews.js';

type Db = Kysely<Database>;

/** Rows per insert: far below SQLite's limit on bound parameters (32,766) for these tables. */
const BATCH = 400;

// ---- configuration ----

export async function getInterviewConfig(db: Db, guildId: string): Promise<InterviewConfigRow | undefined> {
  return db.selectFrom('interview_config').selectAll().where('guild_id', '=', guildId).executeTakeFirst();
}

export async function listInterviewConfigs(db: Db): Promise<InterviewConfigRow[]> {
  return db.selectFrom('interview_config').selectAll().orderBy('guild_id').execute();
}

export async function saveInterviewConfig(db: Db, row: InterviewConfigRow): Promise<void> {
  const { guild_id: _guild, ...rest } = row;
  await db
    .insertInto('interview_config')
    .values(row)
    .onConflict((oc) => oc.column('guild_id').doUpdateSet(rest))
    .execute();
}

// ---- members ----

export async function getInterviewMember(
  db: Db,
  guildId: string,
  userId: string,
): Promise<InterviewMemberRow | undefined> {
  return db
    .selectFrom('interview_member')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function saveInterviewMember(db: Db, row: InterviewMemberRow): Promise<void> {
  const { guild_id: _guild, user_id: _user, ...rest } = row;
  await db
    .insertInto('interview_member')
    .values(row)
    .onConflict((oc) => oc.columns(['guild_id', 'user_id']).doUpdateSet(rest))
    .execute();
}

export async function updateInterviewMember(
  db: Db,
  guildId: string,
  userId: string,
  changes: Partial<Omit<InterviewMemberRow, 'guild_id' | 'user_id'>>,
): Promise<void> {
  await db
    .updateTable('interview_member')
    .set(changes)
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

export async function listActiveInterviewMembers(db: Db, guildId: string): Promise<InterviewMemberRow[]> {
  return db
    .selectFrom('interview_member')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('active', '=', 1)
    .orderBy('user_id')
    .execute();
}

export async function listInterviewMembers(
  db: Db,
  guildId: string,
  userIds: readonly string[],
): Promise<InterviewMemberRow[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('interview_member')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('user_id', 'in', userIds)
    .orderBy('user_id')
    .execute();
}

// ---- rounds ----

export interface NewRoundPlan {
  round: Omit<InterviewRoundRow, 'id' | 'paired_at' | 'reported_at' | 'followed_up_at' | 'closed_at'>;
  /** Each group in rotation order, with the question ids each member answers as the candidate. */
  groups: ReadonlyArray<ReadonlyArray<{ userId: string; questionIds: readonly string[] }>>;
  /** Members whose "skip the next round" is used up by this round. */
  skipped: readonly string[];
}

/**
 * Writes a round, its groups, their members and the questions they will be asked, in one transaction,
 * before anything is sent. A round that already exists is returned as it is (a resumed or concurrent run).
 */
export async function createRound(
  db: Db,
  plan: NewRoundPlan,
  at: Date,
): Promise<{ round: InterviewRoundRow; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const existing = await getRoundByKey(trx, plan.round.guild_id, plan.round.round_key);
    if (existing) return { round: existing, created: false };
    const { id: roundId } = await trx
      .insertInto('interview_round')
      .values({ ...plan.round })
      .returning('id')
      .executeTakeFirstOrThrow();
    const guildId = plan.round.guild_id;
    // Batched: one insert per few hundred rows keeps a 10,000-member round to a fraction of a second,
    // so interactions waiting for the database are not held up.
    const groupIds = new Map<number, number>();
    const positions = plan.groups.map((_, index) => index + 1);
    for (let i = 0; i < positions.length; i += BATCH) {
      const rows = await trx
        .insertInto('interview_group')
        .values(
          positions.slice(i, i + BATCH).map((position) => ({
            round_id: roundId,
            guild_id: guildId,
            position,
            state: 'pending' as const,
            updated_at: at.getTime(),
          })),
        )
        .returning(['id', 'position'])
        .execute();
      for (const row of rows) groupIds.set(row.position, row.id);
    }
    const memberRows = plan.groups.flatMap((members, index) =>
      members.map((member, position) => ({
        group_id: groupIds.get(index + 1) as number,
        round_id: roundId,
        guild_id: guildId,
        user_id: member.userId,
        position,
        question_ids: JSON.stringify(member.questionIds),
        add_state: 'pending' as const,
      })),
    );
    for (let i = 0; i < memberRows.length; i += BATCH)
      await trx
        .insertInto('interview_group_member')
        .values(memberRows.slice(i, i + BATCH))
        .execute();
    // Member i interviews member i + 1, the last interviews the first (a pair: each other).
    const pairRows = plan.groups.flatMap((members, index) =>
      members.map((member, position) => ({
        group_id: groupIds.get(index + 1) as number,
        round_id: roundId,
        guild_id: guildId,
        interviewer_id: member.userId,
        candidate_id: (members[(position + 1) % members.length] ?? member).userId,
      })),
    );
    for (let i = 0; i < pairRows.length; i += BATCH)
      await trx
        .insertInto('interview_pair')
        .values(pairRows.slice(i, i + BATCH))
        .execute();
    const asked = plan.groups.flat().flatMap((member) =>
      member.questionIds.map((questionId) => ({
        guild_id: guildId,
        user_id: member.userId,
        question_id: questionId,
        round_id: roundId,
      })),
    );
    for (let i = 0; i < asked.length; i += BATCH)
      await trx
        .insertInto('interview_asked_question')
        .values(asked.slice(i, i + BATCH))
        // Only when the bank ran out of fresh questions; the first time it was asked is kept.
        .onConflict((oc) => oc.columns(['guild_id', 'user_id', 'question_id']).doNothing())
        .execute();
    if (plan.skipped.length > 0) {
      await trx
        .updateTable('interview_member')
        .set({ skip_next: 0 })
        .where('guild_id', '=', guildId)
        .where('user_id', 'in', plan.skipped)
        .execute();
    }
    const round = await trx
      .selectFrom('interview_round')
      .selectAll()
      .where('id', '=', roundId)
      .executeTakeFirstOrThrow();
    return { round, created: true };
  });
}

export async function getRoundByKey(
  db: Db,
  guildId: string,
  roundKey: string,
): Promise<InterviewRoundRow | undefined> {
  return db
    .selectFrom('interview_round')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('round_key', '=', roundKey)
    .executeTakeFirst();
}

export async function getRound(db: Db, roundId: number): Promise<InterviewRoundRow | undefined> {
  return db.selectFrom('interview_round').selectAll().where('id', '=', roundId).executeTakeFirst();
}

export async function listRounds(db: Db, guildId: string): Promise<InterviewRoundRow[]> {
  return db.selectFrom('interview_round').selectAll().where('guild_id', '=', guildId).orderBy('id').execute();
}

export async function listOpenRounds(db: Db, guildId: string): Promise<InterviewRoundRow[]> {
  return db
    .selectFrom('interview_round')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('closed_at', 'is', null)
    .orderBy('id')
    .execute();
}

export async function latestRound(db: Db, guildId: string): Promise<InterviewRoundRow | undefined> {
  return db
    .selectFrom('interview_round')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Sets a round's milestone once; a second call leaves the first time in place. */
export async function markRound(
  db: Db,
  roundId: number,
  column: 'paired_at' | 'reported_at' | 'followed_up_at' | 'closed_at',
  at: Date,
): Promise<void> {
  await db
    .updateTable('interview_round')
    .set({ [column]: at.getTime() })
    .where('id', '=', roundId)
    .where(column, 'is', null)
    .execute();
}

// ---- groups ----

export async function listGroups(db: Db, roundId: number): Promise<InterviewGroupRow[]> {
  return db
    .selectFrom('interview_group')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('position')
    .execute();
}

export async function getGroup(db: Db, groupId: number): Promise<InterviewGroupRow | undefined> {
  return db.selectFrom('interview_group').selectAll().where('id', '=', groupId).executeTakeFirst();
}

export async function updateGroup(
  db: Db,
  groupId: number,
  changes: {
    state?: GroupState;
    threadId?: string;
    messageId?: string;
    error?: string | null;
    followUpState?: 'sent' | 'failed';
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

export async function listGroupMembers(db: Db, groupId: number): Promise<InterviewGroupMemberRow[]> {
  return db
    .selectFrom('interview_group_member')
    .selectAll()
    .where('group_id', '=', groupId)
    .orderBy('position')
    .execute();
}

export async function listRoundGroupMembers(db: Db, roundId: number): Promise<InterviewGroupMemberRow[]> {
  return db
    .selectFrom('interview_group_member')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('group_id')
    .orderBy('position')
    .execute();
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

export interface MemberGroupRow {
  group_id: number;
  round_id: number;
  round_key: string;
  opens_at: number;
  closes_at: number;
  closed_at: number | null;
  state: GroupState;
  thread_id: string | null;
}

/** The groups a member was placed in, newest first. */
export async function listMemberGroups(
  db: Db,
  guildId: string,
  userId: string,
  limit = 50,
): Promise<MemberGroupRow[]> {
  return db
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
}

export async function listMembersOfGroups(
  db: Db,
  groupIds: readonly number[],
): Promise<InterviewGroupMemberRow[]> {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('interview_group_member')
    .selectAll()
    .where('group_id', 'in', groupIds)
    .orderBy('group_id')
    .orderBy('position')
    .execute();
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

// ---- meeting reports ----

/** Records a member's "did you meet?" answer; a later answer replaces the earlier one. */
export async function saveReport(
  db: Db,
  key: { guildId: string; groupId: number },
  userId: string,
  outcome: ReportOutcome,
  at: Date,
  options: { keepExisting?: boolean } = {},
): Promise<void> {
  await db
    .insertInto('interview_report')
    .values({
      group_id: key.groupId,
      guild_id: key.guildId,
      user_id: userId,
      outcome,
      updated_at: at.getTime(),
    })
    .onConflict((oc) => {
      const conflict = oc.columns(['group_id', 'user_id']);
      return options.keepExisting
        ? conflict.doNothing()
        : conflict.doUpdateSet({ outcome, updated_at: at.getTime() });
    })
    .execute();
}

/** Records "we met" from feedback only when the member has not answered the meeting question themselves. */
export async function saveReportIfMissing(
  db: Db,
  key: { guildId: string; groupId: number },
  userId: string,
  outcome: ReportOutcome,
  at: Date,
): Promise<void> {
  await saveReport(db, key, userId, outcome, at, { keepExisting: true });
}

export async function listReports(db: Db, groupIds: readonly number[]): Promise<InterviewReportRow[]> {
  if (groupIds.length === 0) return [];
  const out: InterviewReportRow[] = [];
  for (let i = 0; i < groupIds.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('interview_report')
        .selectAll()
        .where('group_id', 'in', groupIds.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

/**
 * Every round that had ended by `endedBy` (closed, or past its end and about to be) each member took part
 * in, oldest first, with the group they were in: the input of the no-show rule.
 */
export async function listParticipation(
  db: Db,
  guildId: string,
  userIds: readonly string[],
  endedBy: number,
): Promise<
  Array<{ user_id: string; group_id: number; round_id: number; opens_at: number; state: GroupState }>
> {
  if (userIds.length === 0) return [];
  const out: Array<{
    user_id: string;
    group_id: number;
    round_id: number;
    opens_at: number;
    state: GroupState;
  }> = [];
  for (let i = 0; i < userIds.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('interview_group_member as gm')
        .innerJoin('interview_group as g', 'g.id', 'gm.group_id')
        .innerJoin('interview_round as r', 'r.id', 'gm.round_id')
        .select(['gm.user_id', 'gm.group_id', 'gm.round_id', 'r.opens_at', 'g.state'])
        .where('gm.guild_id', '=', guildId)
        .where('gm.user_id', 'in', userIds.slice(i, i + 500))
        .where((eb) => eb.or([eb('r.closed_at', 'is not', null), eb('r.closes_at', '<=', endedBy)]))
        .execute()),
    );
  }
  return out.sort((a, b) => a.round_id - b.round_id);
}

// ---- feedback ----

export async function saveFeedback(
  db: Db,
  key: { groupId: number; roundId: number; guildId: string; giverId: string; candidateId: string },
  feedback: InterviewFeedback,
  at: Date,
): Promise<{ created: boolean }> {
  const values = {
    situation: feedback.situation,
    task: feedback.task,
    action: feedback.action,
    result: feedback.result,
    strength: feedback.strength,
    improve: feedback.improve,
    updated_at: at.getTime(),
  };
  // Insert-or-nothing, then edit: safe when two submissions race on PostgreSQL's concurrent connections
  // (a read-then-insert would let both insert and one fail on the key).
  const inserted = await db
    .insertInto('interview_feedback')
    .values({
      group_id: key.groupId,
      round_id: key.roundId,
      guild_id: key.guildId,
      giver_id: key.giverId,
      candidate_id: key.candidateId,
      ...values,
      delivered_via: null,
      created_at: at.getTime(),
    })
    .onConflict((oc) => oc.columns(['group_id', 'giver_id', 'candidate_id']).doNothing())
    .returning('group_id')
    .executeTakeFirst();
  if (inserted) return { created: true };
  await db
    .updateTable('interview_feedback')
    .set({ ...values, delivered_via: null })
    .where('group_id', '=', key.groupId)
    .where('giver_id', '=', key.giverId)
    .where('candidate_id', '=', key.candidateId)
    .execute();
  return { created: false };
}

/** Whom this member interviews in the group, as fixed when the group was made. */
export async function getCandidate(
  db: Db,
  groupId: number,
  interviewerId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('interview_pair')
    .select('candidate_id')
    .where('group_id', '=', groupId)
    .where('interviewer_id', '=', interviewerId)
    .executeTakeFirst();
  return row?.candidate_id;
}

export async function getFeedback(
  db: Db,
  groupId: number,
  giverId: string,
  candidateId: string,
): Promise<InterviewFeedbackRow | undefined> {
  return db
    .selectFrom('interview_feedback')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('giver_id', '=', giverId)
    .where('candidate_id', '=', candidateId)
    .executeTakeFirst();
}

/** Feedback whose DM failed for a moment (still undelivered), last saved before `before`, with its round. */
export async function listUndeliveredFeedback(
  db: Db,
  guildId: string,
  before: number,
): Promise<Array<InterviewFeedbackRow & { round_key: string }>> {
  return db
    .selectFrom('interview_feedback')
    .innerJoin('interview_round', 'interview_round.id', 'interview_feedback.round_id')
    .selectAll('interview_feedback')
    .select('interview_round.round_key')
    .where('interview_feedback.guild_id', '=', guildId)
    .where('interview_feedback.delivered_via', 'is', null)
    .where('interview_feedback.updated_at', '<', before)
    .orderBy('interview_feedback.updated_at')
    .limit(50)
    .execute();
}

export async function markFeedbackDelivered(
  db: Db,
  groupId: number,
  giverId: string,
  candidateId: string,
  via: 'dm' | 'none',
): Promise<void> {
  await db
    .updateTable('interview_feedback')
    .set({ delivered_via: via })
    .where('group_id', '=', groupId)
    .where('giver_id', '=', giverId)
    .where('candidate_id', '=', candidateId)
    .execute();
}

/** Feedback a member received, newest first; optionally only from one group. */
export async function listFeedbackReceived(
  db: Db,
  guildId: string,
  candidateId: string,
  options: { groupId?: number; limit?: number } = {},
): Promise<Array<InterviewFeedbackRow & { round_key: string }>> {
  let query = db
    .selectFrom('interview_feedback as f')
    .innerJoin('interview_round as r', 'r.id', 'f.round_id')
    .selectAll('f')
    .select('r.round_key')
    .where('f.guild_id', '=', guildId)
    .where('f.candidate_id', '=', candidateId);
  if (options.groupId !== undefined) query = query.where('f.group_id', '=', options.groupId);
  return query
    .orderBy('f.round_id', 'desc')
    .orderBy('f.created_at', 'desc')
    .limit(options.limit ?? 1000)
    .execute();
}

// ---- statistics ----

export interface InterviewCounts {
  rounds: number;
  closedRounds: number;
  groups: number;
  trios: number;
  /** Groups of closed rounds that were posted, and how many of them reported meeting. */
  finishedGroups: number;
  finishedGroupsMet: number;
  failedGroups: number;
  feedback: number;
  activeMembers: number;
  removedForNoShow: number;
}

export async function interviewCounts(db: Db, guildId: string): Promise<InterviewCounts> {
  const rounds = await db
    .selectFrom('interview_round')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('closed_at').as('closed')])
    .where('guild_id', '=', guildId)
    .executeTakeFirstOrThrow();
  const groups = await db
    .selectFrom('interview_group as g')
    .innerJoin('interview_round as r', 'r.id', 'g.round_id')
    .select(['g.id', 'g.state', 'r.closed_at'])
    .where('g.guild_id', '=', guildId)
    .execute();
  const sizes = await db
    .selectFrom('interview_group_member')
    .select(['group_id', (eb) => eb.fn.countAll<number>().as('size')])
    .where('guild_id', '=', guildId)
    .groupBy('group_id')
    .execute();
  const met = await db
    .selectFrom('interview_report as rep')
    .innerJoin('interview_group as g', 'g.id', 'rep.group_id')
    .select('rep.group_id')
    .distinct()
    .where('g.guild_id', '=', guildId)
    .where('rep.outcome', '=', 'met')
    .execute();
  const metIds = new Set(met.map((row) => row.group_id));
  const finished = groups.filter((g) => g.closed_at !== null && g.state === 'posted');
  const failedIds = new Set(groups.filter((g) => g.state === 'failed').map((g) => g.id));
  const feedback = await db
    .selectFrom('interview_feedback')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .executeTakeFirstOrThrow();
  const members = await db
    .selectFrom('interview_member')
    .select(['active', 'removed_reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where('guild_id', '=', guildId)
    .groupBy(['active', 'removed_reason'])
    .execute();
  return {
    rounds: Number(rounds.total),
    closedRounds: Number(rounds.closed),
    groups: groups.filter((g) => g.state !== 'failed').length,
    trios: sizes.filter((s) => Number(s.size) === 3 && !failedIds.has(s.group_id)).length,
    finishedGroups: finished.length,
    finishedGroupsMet: finished.filter((g) => metIds.has(g.id)).length,
    failedGroups: groups.filter((g) => g.state === 'failed').length,
    feedback: Number(feedback.n),
    activeMembers: members.filter((m) => m.active === 1).reduce((sum, m) => sum + Number(m.n), 0),
    removedForNoShow: members
      .filter((m) => m.active === 0 && m.removed_reason === 'no-show')
      .reduce((sum, m) => sum + Number(m.n), 0),
  };
}
