import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { isDeparted } from '../db/repositories/departures.js';
import { listGroups, listRoundGroupMembers } from '../db/repositories/interviews/groups.js';
import { getRound, getRoundByKey } from '../db/repositories/interviews/rounds.js';
import { getWorkItem, listWorkItems } from '../db/repositories/work-items.js';
import type { PlannedRound } from '../domain/interviews/round-plan.js';
import { cycleAt, scheduleOf } from '../domain/interviews/schedule.js';
import type { InterviewGroup, InterviewRound } from '../domain/interviews/types.js';
import type { QuestionBank } from '../domain/questions/schema.js';
import { Refusal } from '../domain/refusal.js';
import { requireConfig } from './interview-config.js';
import { planRound } from './interview-planning.js';
import {
  groupKey,
  groupKeyPrefix,
  openItem,
  openKey,
  planOpenRounds,
  record,
  reportItem,
  settled,
  type InterviewPlanDeps,
} from './interview-rounds.js';
import { waitUntil } from './work.js';

/**
 * `/interview-admin pair-now` (a round started now, or previewed) and how a round went: the counts and
 * the problems its report lists.
 */

export interface RoundProgress {
  round: InterviewRound;
  groups: number;
  posted: number;
  failed: number;
  pending: number;
  problems: RoundProblem[];
}

/** Something Discord refused in a round: a group's thread, or one member's place in it. */
export type RoundProblem =
  | { kind: 'group'; position: number; memberIds: string[]; error: string | null }
  | { kind: 'member'; position: number; threadId: string | null; userId: string; error: string | null };

/**
 * `/interview-admin pair-now`: pairs the current cycle now instead of at its opening, and waits a bounded
 * time for its groups so the reply can tell how it went. A cycle whose round was interrupted is carried
 * on; one that already ran is refused.
 */
export async function startRoundNow(
  deps: InterviewPlanDeps,
  guildId: string,
  now: Date,
  waitMs = 20_000,
): Promise<RoundProgress> {
  const config = await requireConfig(deps, guildId);
  await planOpenRounds(deps, guildId, now);
  const cycle = cycleAt(scheduleOf(config), config.anchorKey, now);
  const existing = await getRoundByKey(deps.db, guildId, cycle.key);
  if (existing && existing.pairedAt !== null)
    throw new Refusal({
      code: 'interview-round-already-ran',
      ranAt: new Date(existing.createdAt),
      nextAt: cycle.closesAt,
    });
  // Opening the round is work of its own, so the minute job and pair-now never both plan it.
  if (!existing) await record(deps, [openItem(guildId, cycle.key, now)], now);
  const key = openKey(guildId, cycle.key);
  await waitUntil(async () => {
    const round = await getRoundByKey(deps.db, guildId, cycle.key);
    if (round) return (await everyGroupTried(deps.db, round)) && (await reportTried(deps.db, round));
    const state = (await getWorkItem(deps.db, key))?.state;
    return state === 'failed' || state === 'cancelled';
  }, waitMs);
  const round = await getRoundByKey(deps.db, guildId, cycle.key);
  if (!round) {
    const item = await getWorkItem(deps.db, key);
    if (item?.state === 'failed')
      throw new Error(`the round could not be opened: ${item.error ?? 'unknown'}`);
    throw new Refusal({
      code: 'worded',
      text: 'The round is being prepared; Discord is slow to answer. Check `/interview-admin stats` in a minute.',
    });
  }
  return roundProgress(deps.db, round);
}

/** Every group is set up, given up on, or waiting for a retry after a first attempt. */
async function everyGroupTried(db: Kysely<Database>, round: InterviewRound): Promise<boolean> {
  const items = new Map(
    (
      await listWorkItems(db, {
        guildId: round.guildId,
        keyPrefix: groupKeyPrefix(round.guildId, round.id),
      })
    ).map((item) => [item.key, item]),
  );
  return (await listGroups(db, round.id)).every((group) => {
    if (settled(group)) return true;
    const item = items.get(groupKey(round.guildId, round.id, group.id));
    return item?.state === 'pending' && item.attempts > 0;
  });
}

/** A paired round's report to the admin was sent, given up on, or waits for a retry. */
async function reportTried(db: Kysely<Database>, round: InterviewRound): Promise<boolean> {
  const fresh = await getRound(db, round.id);
  if (!fresh || fresh.pairedAt === null || fresh.reportedAt !== null) return true;
  const item = await getWorkItem(db, reportItem(round.guildId, round.id).key);
  return item !== undefined && item.state !== 'running' && (item.state !== 'pending' || item.attempts > 0);
}

/** `pair-now dry-run`: the pairs as they would be now; nothing is sent or saved. */
export async function previewRound(
  deps: { db: Kysely<Database>; questions: QuestionBank },
  guildId: string,
  now: Date,
): Promise<PlannedRound> {
  const config = await requireConfig(deps, guildId);
  const cycle = cycleAt(scheduleOf(config), config.anchorKey, now);
  // Known departures only: a preview answers at once, without asking Discord about each member.
  return planRound(
    deps,
    guildId,
    cycle.key,
    now,
    async (userId) => !(await isDeparted(deps.db, guildId, userId)),
  );
}

export async function roundProgress(db: Kysely<Database>, round: InterviewRound): Promise<RoundProgress> {
  const groups = await listGroups(db, round.id);
  return {
    round,
    groups: groups.length,
    posted: groups.filter((g) => g.state === 'posted').length,
    failed: groups.filter((g) => g.state === 'failed').length,
    pending: groups.filter((g) => !settled(g)).length,
    problems: await roundProblems(db, round, groups),
  };
}

/** Every group or member Discord refused, from what is recorded, in group order (render words them). */
export async function roundProblems(
  db: Kysely<Database>,
  round: InterviewRound,
  groups: readonly InterviewGroup[],
): Promise<RoundProblem[]> {
  const members = await listRoundGroupMembers(db, round.id);
  const problems: RoundProblem[] = [];
  for (const group of groups) {
    const inGroup = members.filter((m) => m.groupId === group.id);
    const { position, threadId } = group;
    if (group.state === 'failed')
      problems.push({ kind: 'group', position, memberIds: inGroup.map((m) => m.userId), error: group.error });
    for (const member of inGroup) {
      if (member.addState === 'failed')
        problems.push({ kind: 'member', position, threadId, userId: member.userId, error: member.addError });
    }
  }
  return problems;
}
