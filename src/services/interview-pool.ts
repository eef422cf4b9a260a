import {
  getInterviewMember,
  saveInterviewMember,
  updateInterviewMember,
} from '../db/repositories/interviews/members.js';
import { validateJoin, type JoinInput } from '../domain/interviews/inputs.js';
import type { InterviewMember } from '../domain/interviews/types.js';
import { Refusal } from '../domain/refusal.js';
import type { InterviewDeps } from './interview-config.js';

/** Joins (or rejoins) the pool; options left out keep what the member chose before. */
export async function joinPool(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
  input: JoinInput,
  now: Date,
): Promise<{ member: InterviewMember; status: 'joined' | 'rejoined' | 'updated' }> {
  const chosen = validateJoin(input);
  const existing = await getInterviewMember(db, guildId, userId);
  const wasActive = existing?.active === true;
  const member: InterviewMember = {
    guildId,
    userId,
    focus: chosen.focus ?? existing?.focus ?? null,
    level: chosen.level ?? existing?.level ?? null,
    timezone: chosen.timezone ?? existing?.timezone ?? null,
    active: true,
    // A rejoin starts a clean slate for the no-show rule.
    joinedAt: wasActive && existing ? existing.joinedAt : now.getTime(),
    leftAt: null,
    removedReason: null,
    // Joining again is also how a member takes back a skip.
    skipNext: false,
  };
  await saveInterviewMember(db, member);
  return { member, status: !existing ? 'joined' : wasActive ? 'updated' : 'rejoined' };
}

export async function requireMember(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
): Promise<InterviewMember> {
  const member = await getInterviewMember(db, guildId, userId);
  if (!member || !member.active) throw new Refusal({ code: 'interviews-not-joined' });
  return member;
}

export async function leavePool(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
  now: Date,
): Promise<void> {
  await requireMember(deps, guildId, userId);
  await updateInterviewMember(deps.db, guildId, userId, {
    active: false,
    leftAt: now.getTime(),
    removedReason: 'left',
    skipNext: false,
  });
}

/** Sits the member out of the next round only; returns false when they were already skipping it. */
export async function skipNextRound(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
): Promise<boolean> {
  const member = await requireMember(deps, guildId, userId);
  if (member.skipNext) return false;
  await updateInterviewMember(deps.db, guildId, userId, { skipNext: true });
  return true;
}

/** Removes a member Discord says is no longer in the server, so later rounds do not pair them. */
export async function markLeftServer(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
  now: Date,
): Promise<void> {
  await updateInterviewMember(db, guildId, userId, {
    active: false,
    leftAt: now.getTime(),
    removedReason: 'left-server',
  });
}

/** Moves a member out of the pool under the no-show rule; they come back with `/interview join`. */
export async function removeForNoShow(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
  now: Date,
): Promise<void> {
  await updateInterviewMember(db, guildId, userId, {
    active: false,
    leftAt: now.getTime(),
    removedReason: 'no-show',
    skipNext: false,
  });
}
