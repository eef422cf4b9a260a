import type { Kysely } from 'kysely';
import { transition, type StepAction, type StepState } from '../../domain/progress/progress.js';
import type { Database } from '../database.js';
import type { MemberProfileRow, StepProgressRow } from '../tables/roadmap.js';

export interface MemberKey {
  guildId: string;
  userId: string;
}

export interface MemberProfile {
  track: string | null;
  shareProgress: boolean;
}

export async function getProfile(db: Kysely<Database>, member: MemberKey): Promise<MemberProfile> {
  const row = await db
    .selectFrom('member_profile')
    .select(['track', 'share_progress'])
    .where('guild_id', '=', member.guildId)
    .where('user_id', '=', member.userId)
    .executeTakeFirst();
  return { track: row?.track ?? null, shareProgress: row?.share_progress === 1 };
}

export async function updateProfile(
  db: Kysely<Database>,
  member: MemberKey,
  changes: Partial<MemberProfile>,
  at: Date,
): Promise<MemberProfile> {
  const now = at.getTime();
  const set: Partial<Pick<MemberProfileRow, 'track' | 'share_progress'>> = {};
  if (changes.track !== undefined) set.track = changes.track;
  if (changes.shareProgress !== undefined) set.share_progress = changes.shareProgress ? 1 : 0;
  await db
    .insertInto('member_profile')
    .values({
      guild_id: member.guildId,
      user_id: member.userId,
      track: set.track ?? null,
      share_progress: set.share_progress ?? 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['guild_id', 'user_id']).doUpdateSet({ ...set, updated_at: now }))
    .execute();
  return getProfile(db, member);
}

export async function listStepProgress(db: Kysely<Database>, member: MemberKey): Promise<StepProgressRow[]> {
  return db
    .selectFrom('step_progress')
    .selectAll()
    .where('guild_id', '=', member.guildId)
    .where('user_id', '=', member.userId)
    .orderBy('updated_at', 'desc')
    .execute();
}

export async function getStepProgress(
  db: Kysely<Database>,
  member: MemberKey,
  stepId: string,
): Promise<StepProgressRow | undefined> {
  return db
    .selectFrom('step_progress')
    .selectAll()
    .where('guild_id', '=', member.guildId)
    .where('user_id', '=', member.userId)
    .where('step_id', '=', stepId)
    .executeTakeFirst();
}

export function toStepState(row: StepProgressRow): StepState {
  return {
    status: row.status,
    proofUrl: row.proof_url,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  };
}

/** Applies one action in a single transaction; returns whether anything changed and the new state. */
export async function applyStepAction(
  db: Kysely<Database>,
  member: MemberKey,
  stepId: string,
  action: StepAction,
  at: Date,
  proofUrl?: string | null,
): Promise<{ changed: boolean; state: StepState | undefined }> {
  return db.transaction().execute(async (trx) => {
    const row = await getStepProgress(trx, member, stepId);
    const current = row ? toStepState(row) : undefined;
    const next = transition(current, action, at.getTime(), proofUrl);
    if (next.kind === 'unchanged') return { changed: false, state: current };
    const key = { guild_id: member.guildId, user_id: member.userId, step_id: stepId };
    if (next.kind === 'clear') {
      await trx
        .deleteFrom('step_progress')
        .where('guild_id', '=', key.guild_id)
        .where('user_id', '=', key.user_id)
        .where('step_id', '=', key.step_id)
        .execute();
      return { changed: true, state: undefined };
    }
    const values = {
      status: next.state.status,
      proof_url: next.state.proofUrl,
      started_at: next.state.startedAt,
      updated_at: next.state.updatedAt,
      completed_at: next.state.completedAt,
    };
    await trx
      .insertInto('step_progress')
      .values({ ...key, ...values })
      .onConflict((oc) => oc.columns(['guild_id', 'user_id', 'step_id']).doUpdateSet(values))
      .execute();
    return { changed: true, state: next.state };
  });
}

/** Steps a member completed in [from, to): the hint pre-filled in a weekly check-in. */
export async function listCompletedBetween(
  db: Kysely<Database>,
  member: MemberKey,
  from: Date,
  to: Date,
): Promise<string[]> {
  const rows = await db
    .selectFrom('step_progress')
    .select('step_id')
    .where('guild_id', '=', member.guildId)
    .where('user_id', '=', member.userId)
    .where('status', '=', 'done')
    .where('completed_at', '>=', from.getTime())
    .where('completed_at', '<', to.getTime())
    .orderBy('completed_at')
    .execute();
  return rows.map((row) => row.step_id);
}
