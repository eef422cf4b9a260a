import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { listGroups } from '../db/repositories/interviews/groups.js';
import { listReports } from '../db/repositories/interviews/reports.js';
import { getRoundByKey, listOpenRounds, markRound } from '../db/repositories/interviews/rounds.js';
import { enqueueWork, type NewWorkItem } from '../db/repositories/work-items.js';
import { cycleAt, scheduleOf } from '../domain/interviews/schedule.js';
import type { InterviewConfig, InterviewGroup, InterviewRound } from '../domain/interviews/types.js';
import type { Logger } from '../logger.js';
import { WORK, workKey, type WorkQueue } from './work.js';

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

export const settled = (group: Pick<InterviewGroup, 'state'>) =>
  group.state === 'posted' || group.state === 'failed';

export async function record(deps: InterviewPlanDeps, items: NewWorkItem[], now: Date): Promise<void> {
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

export function openItem(guildId: string, cycleKey: string, startedAt: Date): NewWorkItem {
  return {
    key: openKey(guildId, cycleKey),
    kind: WORK.interviewOpen,
    guildId,
    payload: { guildId, cycleKey, startedAt: startedAt.getTime() } satisfies InterviewOpenPayload,
  };
}

/** Rounds that ended are closed; the others get their unfinished groups and, halfway, the follow-up. */
export async function planOpenRounds(deps: InterviewPlanDeps, guildId: string, now: Date): Promise<void> {
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
