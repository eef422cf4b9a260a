import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { listGroups, listRoundGroupMembers } from '../db/repositories/interviews/groups.js';
import { listReports } from '../db/repositories/interviews/reports.js';
import { getRound, getRoundByKey, listOpenRounds, markRound } from '../db/repositories/interviews/rounds.js';
import { enqueueWork, getWorkItem, listWorkItems, type NewWorkItem } from '../db/repositories/work-items.js';
import type {
  Feedback,
  InterviewConfig,
  InterviewGroup,
  InterviewRound,
} from '../domain/interviews/types.js';
import { Refusal } from '../domain/refusal.js';
import type { Logger } from '../logger.js';
import { isDeparted } from '../db/repositories/departures.js';
import type { QuestionBank } from '../domain/questions/schema.js';
import type { PlannedRound } from '../domain/interviews/round-plan.js';
import { cycleAt, scheduleOf } from '../domain/interviews/schedule.js';
import { requireConfig } from './interview-config.js';
import { planRound } from './interview-planning.js';
import { FIRST_IN_LINE, waitUntil, WORK, workKey, type WorkQueue } from './work.js';

/**
 * Planning of interview rounds: which work is due (a round to open, groups to set up, follow-ups, the
 * report, the close), recorded as work items the engine runs (src/scheduler/interview-rounds.ts). Each
 * item is claimed by one process at a time, so two processes never both create a round's threads.
 */
export interface InterviewPlanDeps {
  db: Kysely<Database>;
  logger: Logger;
  work: Pick<WorkQueue, 'kick'>;
}

export type InterviewOpenPayload = { guildId: string; cycleKey: string; startedAt: number };
export type InterviewRoundPayload = { guildId: string; roundId: number };
export type InterviewGroupPayload = { guildId: string; roundId: number; groupId: number };

export const openKey = (guildId: string, cycleKey: string) => workKey(WORK.interviewOpen, guildId, cycleKey);
export const groupKey = (guildId: string, roundId: number, groupId: number) =>
  workKey(WORK.interviewGroup, guildId, roundId, groupId);
export const groupKeyPrefix = (guildId: string, roundId: number) =>
  `${workKey(WORK.interviewGroup, guildId, roundId)}:`;

const settled = (group: Pick<InterviewGroup, 'state'>) =>
  group.state === 'posted' || group.state === 'failed';

async function record(deps: InterviewPlanDeps, items: NewWorkItem[], now: Date): Promise<void> {
  if (items.length === 0) return;
  const inserted = await enqueueWork(deps.db, items, now.getTime());
  if (inserted.length > 0) deps.work.kick();
}

/**
 * The work for the first unsettled group after `afterPosition` (default: from the start). A round's
 * groups are set up one at a time, in order, as before the engine: each group's item, once tried,
 * records the next one (src/scheduler/interview-groups.ts), so a group waiting for a retry holds up
 * nobody, and planning only makes sure the chain has a start.
 */
export function groupItems(
  round: Pick<InterviewRound, 'id' | 'guildId'>,
  groups: readonly InterviewGroup[],
  afterPosition = 0,
): NewWorkItem[] {
  return groups
    .filter((g) => !settled(g) && g.position > afterPosition)
    .sort((a, b) => a.position - b.position)
    .slice(0, 1)
    .map((g) => ({
      key: groupKey(round.guildId, round.id, g.id),
      kind: WORK.interviewGroup,
      guildId: round.guildId,
      payload: { guildId: round.guildId, roundId: round.id, groupId: g.id } satisfies InterviewGroupPayload,
    }));
}

/** Records what is due in one server: the rounds under way moved on, and the cycle's round opened. */
export async function planInterviewGuild(
  deps: InterviewPlanDeps,
  config: InterviewConfig,
  now: Date,
): Promise<void> {
  await planOpenRounds(deps, config.guildId, now);
  // A round past its close is closed first (its no-show rule changes the pool): its close plans again.
  const closing = (await listOpenRounds(deps.db, config.guildId)).some((r) => r.closesAt <= now.getTime());
  if (closing) return;
  const cycle = cycleAt(scheduleOf(config), config.anchorKey, now);
  if (cycle.opensAt.getTime() < config.activeSince) return;
  if (await getRoundByKey(deps.db, config.guildId, cycle.key)) return;
  deps.logger.info({ guildId: config.guildId, round: cycle.key }, 'interview round due');
  await record(deps, [openItem(config.guildId, cycle.key, cycle.opensAt)], now);
}

function openItem(guildId: string, cycleKey: string, startedAt: Date): NewWorkItem {
  return {
    key: openKey(guildId, cycleKey),
    kind: WORK.interviewOpen,
    guildId,
    payload: { guildId, cycleKey, startedAt: startedAt.getTime() } satisfies InterviewOpenPayload,
  };
}

/** Rounds that ended are closed; the others get their unfinished groups and, halfway, the follow-up. */
async function planOpenRounds(deps: InterviewPlanDeps, guildId: string, now: Date): Promise<void> {
  for (const round of await listOpenRounds(deps.db, guildId)) {
    const payload = { guildId, roundId: round.id } satisfies InterviewRoundPayload;
    if (round.closesAt <= now.getTime()) {
      await record(
        deps,
        [
          {
            key: workKey(WORK.interviewClose, guildId, round.id),
            kind: WORK.interviewClose,
            guildId,
            payload,
          },
        ],
        now,
      );
      continue;
    }
    const groups = await listGroups(deps.db, round.id);
    await record(deps, groupItems(round, groups), now);
    if (round.followedUpAt === null && round.followUpAt <= now.getTime()) {
      const answered = new Set(
        (
          await listReports(
            deps.db,
            groups.map((g) => g.id),
          )
        ).map((r) => r.groupId),
      );
      const due = groups.filter(
        (g) => g.state === 'posted' && g.followUpState === null && g.threadId !== null && !answered.has(g.id),
      );
      await deps.db.transaction().execute(async (trx) => {
        await enqueueWork(
          trx,
          due.map((g) => ({
            key: workKey(WORK.interviewFollowUp, guildId, g.id),
            kind: WORK.interviewFollowUp,
            guildId,
            payload: { guildId, roundId: round.id, groupId: g.id } satisfies InterviewGroupPayload,
          })),
          now.getTime(),
        );
        await markRound(trx, round.id, 'followedUpAt', now);
      });
      if (due.length > 0) deps.work.kick();
    }
  }
}

export interface RoundProgress {
  round: InterviewRound;
  groups: number;
  posted: number;
  failed: number;
  pending: number;
  problems: string[];
}

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

/** Human lines for every group or member Discord refused, built from what is recorded. */
export async function roundProblems(
  db: Kysely<Database>,
  round: InterviewRound,
  groups: readonly InterviewGroup[],
): Promise<string[]> {
  const members = await listRoundGroupMembers(db, round.id);
  const problems: string[] = [];
  for (const group of groups) {
    const inGroup = members.filter((m) => m.groupId === group.id);
    const who = inGroup.map((m) => `<@${m.userId}>`).join(', ');
    if (group.state === 'failed')
      problems.push(`Group ${group.position} (${who}): ${group.error ?? 'failed'}.`);
    for (const member of inGroup) {
      if (member.addState === 'failed')
        problems.push(
          `<@${member.userId}> could not be added to ${group.threadId ? `<#${group.threadId}>` : `group ${group.position}'s thread`}: ${member.addError ?? 'refused'}.`,
        );
    }
  }
  return problems;
}

/**
 * Once every group of a round is set up or given up on: the round is paired and its report (to the
 * admin, about anything Discord refused) is recorded as work. Called by each group as it settles.
 */
export async function settleRoundIfPaired(
  db: Kysely<Database>,
  round: Pick<InterviewRound, 'id' | 'guildId'>,
  now: Date,
): Promise<boolean> {
  const groups = await listGroups(db, round.id);
  if (!groups.every(settled)) return false;
  await db.transaction().execute(async (trx) => {
    await markRound(trx, round.id, 'pairedAt', now);
    await enqueueWork(trx, [reportItem(round.guildId, round.id)], now.getTime());
  });
  return true;
}

export function reportItem(guildId: string, roundId: number): NewWorkItem {
  return {
    key: workKey(WORK.interviewReport, guildId, roundId),
    kind: WORK.interviewReport,
    guildId,
    payload: { guildId, roundId } satisfies InterviewRoundPayload,
  };
}

/** What became of a feedback DM, told to the giver as it is. */
export type FeedbackDelivery = 'dm' | 'dm-closed' | 'left' | 'retrying' | 'refused';
const DeliveryResult = z.object({ delivery: z.enum(['dm', 'dm-closed', 'left', 'retrying', 'refused']) });

export type FeedbackPayload = {
  guildId: string;
  groupId: number;
  giverId: string;
  candidateId: string;
  version: number;
  updated: boolean;
};

/**
 * Feedback goes to its candidate alone, by DM, as work of its own (one item per saved version, so an
 * edit is delivered again and a retry never doubles it). Waits a bounded time to tell the giver how it
 * went; a transient failure is retried by the engine.
 */
export async function deliverFeedback(
  deps: InterviewPlanDeps,
  feedback: Feedback,
  updated: boolean,
  now: Date,
  waitMs = 10_000,
): Promise<FeedbackDelivery> {
  const key = workKey(
    WORK.interviewFeedback,
    feedback.guildId,
    feedback.groupId,
    feedback.giverId,
    feedback.candidateId,
    feedback.updatedAt,
  );
  await record(
    deps,
    [
      {
        key,
        kind: WORK.interviewFeedback,
        guildId: feedback.guildId,
        userId: feedback.candidateId,
        dueAt: FIRST_IN_LINE,
        payload: {
          guildId: feedback.guildId,
          groupId: feedback.groupId,
          giverId: feedback.giverId,
          candidateId: feedback.candidateId,
          version: feedback.updatedAt,
          updated,
        } satisfies FeedbackPayload,
      },
    ],
    now,
  );
  const outcome = async (): Promise<FeedbackDelivery | undefined> => {
    const item = await getWorkItem(deps.db, key);
    if (!item) return 'refused';
    if (item.state === 'done') {
      const result = DeliveryResult.safeParse(JSON.parse(item.result ?? 'null'));
      return result.success ? result.data.delivery : 'refused';
    }
    if (item.state === 'failed' || item.state === 'cancelled') return 'refused';
    // An attempt failed and waits for its retry.
    if (item.state === 'pending' && item.attempts > 0) return 'retrying';
    return undefined;
  };
  await waitUntil(async () => (await outcome()) !== undefined, waitMs);
  return (await outcome()) ?? 'retrying';
}
