/**
 * Read-only queries behind /insights: rows as plain data, every figure is computed in the domain. Orders are
 * explicit so SQLite and PostgreSQL give the same lists.
 */
import type { Kysely } from 'kysely';
import type { FunnelProgressInput } from '../../domain/insights/roadmap-funnel.js';
import type { InterviewRoundInput, StarRatingInput } from '../../domain/insights/interviews.js';
import type { JobSearchRoundInput } from '../../domain/insights/job-search.js';
import type { ParticipationRoundInput } from '../../domain/insights/participation.js';
import type { Database } from '../database.js';

type Db = Kysely<Database>;

/** Keys of the last `count` check-in rounds that had opened by `now`, oldest first. */
async function recentCheckinRoundKeys(db: Db, guildId: string, now: Date, count: number): Promise<string[]> {
  const rows = await db
    .selectFrom('checkin_round')
    .select('round_key')
    .where('guild_id', '=', guildId)
    .where('opens_at', '<=', now.getTime())
    .orderBy('opens_at', 'desc')
    .limit(count)
    .execute();
  return rows.map((r) => r.round_key).reverse();
}

/**
 * Per round: members whose prompt was sent, members skipped for a break (a skip with an error is a member
 * who had left, not a break), and members who answered.
 */
export async function checkinParticipation(
  db: Db,
  guildId: string,
  now: Date,
  count: number,
): Promise<ParticipationRoundInput[]> {
  const keys = await recentCheckinRoundKeys(db, guildId, now, count);
  if (keys.length === 0) return [];
  const [prompts, answers] = await Promise.all([
    db
      .selectFrom('checkin_delivery')
      .select(['round_key', 'user_id', 'state', 'error'])
      .where('guild_id', '=', guildId)
      .where('kind', '=', 'prompt')
      .where('round_key', 'in', keys)
      .orderBy('user_id')
      .execute(),
    db
      .selectFrom('checkin_answer')
      .select(['round_key', 'user_id'])
      .where('guild_id', '=', guildId)
      .where('round_key', 'in', keys)
      .orderBy('user_id')
      .execute(),
  ]);
  return keys.map((roundKey) => ({
    roundKey,
    prompted: prompts.filter((p) => p.round_key === roundKey && p.state === 'sent').map((p) => p.user_id),
    onBreak: prompts
      .filter((p) => p.round_key === roundKey && p.state === 'skipped' && p.error === null)
      .map((p) => p.user_id),
    answered: answers.filter((a) => a.round_key === roundKey).map((a) => a.user_id),
  }));
}

/** The job-search counts members gave in their check-in answers, per round. */
export async function checkinJobSearch(
  db: Db,
  guildId: string,
  now: Date,
  count: number,
): Promise<JobSearchRoundInput[]> {
  const keys = await recentCheckinRoundKeys(db, guildId, now, count);
  if (keys.length === 0) return [];
  const answers = await db
    .selectFrom('checkin_answer')
    .select(['round_key', 'user_id', 'applications', 'interviews'])
    .where('guild_id', '=', guildId)
    .where('round_key', 'in', keys)
    .orderBy('user_id')
    .execute();
  return keys.map((roundKey) => ({
    roundKey,
    answers: answers
      .filter((a) => a.round_key === roundKey)
      .map((a) => ({ userId: a.user_id, applications: a.applications, interviews: a.interviews })),
  }));
}

/** Every member's step statuses in a server. */
export async function roadmapProgressRows(db: Db, guildId: string): Promise<FunnelProgressInput[]> {
  const rows = await db
    .selectFrom('step_progress')
    .select(['user_id', 'step_id', 'status', 'updated_at'])
    .where('guild_id', '=', guildId)
    .orderBy('user_id')
    .orderBy('step_id')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    stepId: r.step_id,
    status: r.status,
    updatedAt: r.updated_at,
  }));
}

/** The last `count` interview rounds that were paired (oldest first) with their posted groups and reports. */
export async function interviewRoundsWithOutcomes(
  db: Db,
  guildId: string,
  count: number,
): Promise<InterviewRoundInput[]> {
  const rounds = (
    await db
      .selectFrom('interview_round')
      .select(['id', 'round_key'])
      .where('guild_id', '=', guildId)
      .where('paired_at', 'is not', null)
      .orderBy('opens_at', 'desc')
      .limit(count)
      .execute()
  ).reverse();
  if (rounds.length === 0) return [];
  const roundIds = rounds.map((r) => r.id);
  const [groups, members, reports] = await Promise.all([
    db
      .selectFrom('interview_group')
      .select(['id', 'round_id'])
      .where('round_id', 'in', roundIds)
      .where('state', '=', 'posted')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('interview_group_member')
      .select(['group_id', 'user_id'])
      .where('round_id', 'in', roundIds)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('interview_report as rep')
      .innerJoin('interview_group as g', 'g.id', 'rep.group_id')
      .select(['rep.group_id', 'rep.outcome'])
      .where('g.round_id', 'in', roundIds)
      .orderBy('rep.user_id')
      .execute(),
  ]);
  return rounds.map((round) => ({
    roundKey: round.round_key,
    groups: groups
      .filter((g) => g.round_id === round.id)
      .map((g) => ({
        memberIds: members.filter((m) => m.group_id === g.id).map((m) => m.user_id),
        reports: reports.filter((r) => r.group_id === g.id).map((r) => r.outcome),
      })),
  }));
}

/** Every STAR rating given in a server. */
export async function starRatings(db: Db, guildId: string): Promise<StarRatingInput[]> {
  const rows = await db
    .selectFrom('interview_feedback')
    .select(['candidate_id', 'situation', 'task', 'action', 'result'])
    .where('guild_id', '=', guildId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    candidateId: r.candidate_id,
    situation: r.situation,
    task: r.task,
    action: r.action,
    result: r.result,
  }));
}

/** When the member completed each step that is done now. */
export async function memberCompletionTimes(db: Db, guildId: string, userId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('step_progress')
    .select('completed_at')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('status', '=', 'done')
    .where('completed_at', 'is not', null)
    .orderBy('completed_at')
    .execute();
  return rows.flatMap((r) => (r.completed_at === null ? [] : [r.completed_at]));
}
