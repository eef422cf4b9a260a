import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { recordDeparture } from '../db/repositories/departures.js';
import { NOBODY } from '../db/repositories/member-data.js';
import { getInterviewConfig, listInterviewConfigs } from '../db/repositories/interviews/config.js';
import { getFeedback, markFeedbackDelivered } from '../db/repositories/interviews/feedback.js';
import {
  getGroup,
  listGroupMembers,
  listGroups,
  listRoundGroupMembers,
  updateGroup,
  updateGroupMember,
} from '../db/repositories/interviews/groups.js';
import { updateInterviewMember } from '../db/repositories/interviews/members.js';
import { listReports } from '../db/repositories/interviews/reports.js';
import { createRound, getRound, getRoundByKey, markRound } from '../db/repositories/interviews/rounds.js';
import { cancelWork, enqueueWork } from '../db/repositories/work-items.js';
import type { GroupMember, InterviewGroup, InterviewRound } from '../domain/interviews/types.js';
import type { QuestionBank } from '../domain/questions/schema.js';
import { SINGLE_SHARD, servesGuild, type ShardScope } from '../domain/shards/shards.js';
import { classifySendError, SendError, type Messenger } from '../discord/messenger.js';
import type { MemberPresence } from '../discord/presence.js';
import { renderFeedbackDm } from '../discord/render/interviews/feedback.js';
import { renderFollowUp, renderIntro } from '../discord/render/interviews/intro.js';
import {
  renderNoShowDm,
  renderRoundReport,
  renderRoundReportNote,
} from '../discord/render/interviews/notices.js';
import type { ThreadApi } from '../discord/threads.js';
import type { Logger } from '../logger.js';
import {
  groupItems,
  groupKeyPrefix,
  planInterviewGuild,
  reportItem,
  roundProblems,
  settleRoundIfPaired,
  type FeedbackDelivery,
} from '../services/interview-rounds.js';
import { questionsOf } from '../domain/interviews/questions.js';
import { toNewRound } from '../domain/interviews/round-plan.js';
import { cycleAt, scheduleOf } from '../domain/interviews/schedule.js';
import { noShowsAfter } from '../services/interview-meetings.js';
import { planRound } from '../services/interview-planning.js';
import { markLeftServer } from '../services/interview-pool.js';
import { WORK, type WorkQueue } from '../services/work.js';
import { messageNonce } from './retry.js';
import type { Job } from './scheduler.js';
import { defineWork, type WorkKind, type WorkOutcome } from './work-engine.js';

export interface InterviewRoundDeps {
  db: Kysely<Database>;
  logger: Logger;
  messenger: Messenger;
  presence: Pick<MemberPresence, 'stillHere' | 'lookUp'>;
  questions: QuestionBank;
  threads: ThreadApi;
  work: WorkQueue;
  guildName(guildId: string): string;
  /** When true, stop planning: what is not recorded yet is planned by the next run. */
  shouldStop?(): boolean;
  /** The servers this process serves: those of the shards it is active for (default: all). */
  scope?: ShardScope;
}

/** Wakes once a minute to record what is due as work items; the work engine runs them. */
export function interviewJob(
  deps: Pick<InterviewRoundDeps, 'db' | 'logger' | 'work' | 'shouldStop' | 'scope'>,
): Job {
  return { name: 'interviews', cron: '* * * * *', run: (now) => runInterviewTick(deps, now) };
}

/** Plans whatever is due in every server; safe to call at any time, any number of times. */
export async function runInterviewTick(
  deps: Pick<InterviewRoundDeps, 'db' | 'logger' | 'work' | 'shouldStop' | 'scope'>,
  now: Date,
): Promise<void> {
  const scope = deps.scope ?? SINGLE_SHARD;
  for (const config of await listInterviewConfigs(deps.db)) {
    if (deps.shouldStop?.()) return;
    if (!servesGuild(scope, config.guildId)) continue;
    try {
      await planInterviewGuild(deps, config, now);
    } catch (error) {
      deps.logger.error({ err: error, guildId: config.guildId }, 'interview round failed');
    }
  }
}

/** Thread names are unique per round and group, so a thread created before a crash can be found again. */
export function threadName(round: Pick<InterviewRound, 'key'>, group: Pick<InterviewGroup, 'position'>) {
  return `Mock interview · ${round.key} · ${group.position}`;
}

const RoundPayload = z.object({ guildId: z.string(), roundId: z.number().int() });
const GroupPayload = RoundPayload.extend({ groupId: z.number().int() });

/** The interview work the engine runs. */
export function interviewWork(deps: InterviewRoundDeps): WorkKind[] {
  return [
    defineWork({
      kind: WORK.interviewOpen,
      payload: z.object({ guildId: z.string(), cycleKey: z.string(), startedAt: z.number() }),
      run: (work) => openRound(deps, work.payload, work.now),
    }),
    defineWork({
      kind: WORK.interviewGroup,
      payload: GroupPayload,
      async run(work) {
        try {
          return await advanceGroup(deps, work.payload, work.now, work.outcomeUnknown);
        } finally {
          await chainNextGroup(deps, work.payload, work.now);
        }
      },
      async onFailed(work) {
        const group = await getGroup(deps.db, work.payload.groupId);
        if (!group || group.state === 'posted') return;
        await updateGroup(
          deps.db,
          group.id,
          { state: 'failed', error: group.error ?? 'Discord refused it' },
          work.now,
        );
        await settleRound(deps, work.payload, work.now);
      },
    }),
    defineWork({
      kind: WORK.interviewFollowUp,
      payload: GroupPayload,
      run: (work) => sendFollowUp(deps, work.payload, work.now, work.outcomeUnknown),
      onFailed: (work) => updateGroup(deps.db, work.payload.groupId, { followUpState: 'failed' }, work.now),
    }),
    defineWork({
      kind: WORK.interviewReport,
      payload: RoundPayload,
      run: (work) => reportRound(deps, work.payload, work.now, work.outcomeUnknown),
      // Given up after the retries (logged by the engine): the round is not held open for it.
      onFailed: (work) => markRound(deps.db, work.payload.roundId, 'reportedAt', work.now),
    }),
    defineWork({
      kind: WORK.interviewClose,
      payload: RoundPayload,
      run: (work) => closeRound(deps, work.payload, work.now),
    }),
    defineWork({
      kind: WORK.interviewFeedback,
      payload: z.object({
        guildId: z.string(),
        groupId: z.number().int(),
        giverId: z.string(),
        candidateId: z.string(),
        version: z.number(),
        updated: z.boolean(),
      }),
      run: (work) => deliverFeedbackDm(deps, work.payload, work.now, work.outcomeUnknown),
      onFailed: (work) =>
        markFeedbackDelivered(
          deps.db,
          work.payload.groupId,
          work.payload.giverId,
          work.payload.candidateId,
          'none',
        ),
    }),
  ];
}

/** Plans and records the round (groups, members, questions) in one transaction, then its groups' work. */
async function openRound(
  deps: InterviewRoundDeps,
  payload: { guildId: string; cycleKey: string; startedAt: number },
  now: Date,
): Promise<WorkOutcome> {
  const { guildId, cycleKey } = payload;
  const config = await getInterviewConfig(deps.db, guildId);
  if (!config) return { outcome: 'skipped', reason: 'interviews were turned off' };
  let round = await getRoundByKey(deps.db, guildId, cycleKey);
  if (!round) {
    const startedAt = new Date(payload.startedAt);
    const cycle = cycleAt(scheduleOf(config), config.anchorKey, startedAt);
    const plan = await planRound(deps, guildId, cycleKey, startedAt, (userId) =>
      deps.presence.stillHere(guildId, userId, now),
    );
    // Out of the pool, as when Discord refuses to add them to a thread; they rejoin if they come back.
    for (const userId of plan.departed) await markLeftServer(deps, guildId, userId, now);
    ({ round } = await createRound(
      deps.db,
      toNewRound(plan, guildId, config.channelId, { opensAt: startedAt, closesAt: cycle.closesAt }, now),
      now,
    ));
    deps.logger.info(
      {
        guildId,
        round: round.key,
        pool: plan.poolSize,
        groups: plan.groups.length,
        repeats: plan.repeats,
        skipped: plan.skipped.length,
      },
      'interview round planned',
    );
  }
  await enqueueWork(deps.db, groupItems(round, await listGroups(deps.db, round.id)), now.getTime());
  await settleRound(deps, { guildId, roundId: round.id }, now);
  deps.work.kick();
  return { outcome: 'done', result: { roundId: round.id } };
}

/** After any attempt on a group (done, failed or waiting for a retry), the next group gets its turn. */
async function chainNextGroup(
  deps: InterviewRoundDeps,
  payload: { guildId: string; roundId: number; groupId: number },
  now: Date,
): Promise<void> {
  const [round, group] = await Promise.all([
    getRound(deps.db, payload.roundId),
    getGroup(deps.db, payload.groupId),
  ]);
  if (!round || !group || round.closedAt !== null) return;
  const next = groupItems(round, await listGroups(deps.db, round.id), group.position);
  if ((await enqueueWork(deps.db, next, now.getTime())).length > 0) deps.work.kick();
}

/** Once every group has settled: the round is paired and its report is recorded as work. */
async function settleRound(
  deps: InterviewRoundDeps,
  payload: { guildId: string; roundId: number },
  now: Date,
) {
  if (await settleRoundIfPaired(deps.db, { id: payload.roundId, guildId: payload.guildId }, now))
    deps.work.kick();
}

/** One group, from nothing to its introduction in a private thread, resumable at every step. */
async function advanceGroup(
  deps: InterviewRoundDeps,
  payload: { guildId: string; roundId: number; groupId: number },
  now: Date,
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const { db, threads } = deps;
  const [round, group] = await Promise.all([getRound(db, payload.roundId), getGroup(db, payload.groupId)]);
  if (!round || !group || round.closedAt !== null) return { outcome: 'skipped', reason: 'round closed' };
  if (group.state === 'posted' || group.state === 'failed')
    return { outcome: 'skipped', reason: 'already settled' };
  let state = group.state;
  let threadId = group.threadId;
  let step = 'create the private thread';
  try {
    if (state === 'pending' || threadId === null) {
      const name = threadName(round, group);
      // An earlier attempt may have created the thread and crashed before recording it: adopt that one.
      const found = outcomeUnknown
        ? await threads.findActiveThread(round.guildId, round.channelId, name)
        : undefined;
      threadId = found ?? (await threads.createPrivateThread(round.channelId, name));
      await updateGroup(db, group.id, { state: 'thread-created', threadId }, now);
      state = 'thread-created';
    }
    if (state === 'thread-created') {
      step = 'add the members to the thread';
      for (const member of await listGroupMembers(db, group.id)) {
        if (member.addState !== 'pending') continue;
        await addMember(deps, round, threadId, member, now);
      }
      await updateGroup(db, group.id, { state: 'members-added' }, now);
      state = 'members-added';
    }
    step = 'post the introduction in the thread';
    const members = await listGroupMembers(db, group.id);
    if (!members.some((m) => m.addState === 'added')) {
      await updateGroup(
        db,
        group.id,
        { state: 'failed', error: 'nobody in this group could be added to its thread' },
        now,
      );
      await settleRound(deps, payload, now);
      return { outcome: 'skipped', reason: 'nobody could be added' };
    }
    const intro = renderIntro({
      groupId: group.id,
      roundKey: round.key,
      closesAt: round.closesAt,
      guide: deps.questions.starGuide,
      members: members.map((m) => ({
        userId: m.userId,
        added: m.addState === 'added',
        questions: questionsOf(deps.questions, m),
      })),
    });
    // After a crash or a lost answer the intro may be there already, past Discord's nonce window.
    const messageId =
      (outcomeUnknown ? await deps.messenger.findSent(threadId, intro) : undefined) ??
      (await deps.messenger.send(threadId, intro, messageNonce('interview', 'intro', group.id)));
    await updateGroup(db, group.id, { state: 'posted', messageId, error: null }, now);
    await settleRound(deps, payload, now);
    return { outcome: 'done', result: { threadId, messageId } };
  } catch (error) {
    const failure = classifySendError(error);
    // Kept on the group for the report; the engine decides whether to try again.
    await updateGroup(
      db,
      group.id,
      { error: `could not ${step}: ${describeFailure(failure, round.channelId)}`.slice(0, 500) },
      now,
    );
    return { outcome: 'retry', failure };
  }
}

/** One member into the thread. Refusals are recorded and reported; only transient failures stop the group. */
async function addMember(
  deps: InterviewRoundDeps,
  round: InterviewRound,
  threadId: string,
  member: GroupMember,
  now: Date,
): Promise<void> {
  try {
    await deps.threads.addMember(threadId, member.userId);
    await updateGroupMember(deps.db, member.groupId, member.userId, { addState: 'added', addError: null });
  } catch (error) {
    const failure = classifySendError(error);
    if (failure.kind === 'retryable') throw failure;
    await updateGroupMember(deps.db, member.groupId, member.userId, {
      addState: 'failed',
      addError: describeFailure(failure, round.channelId).slice(0, 300),
    });
    // Someone who left the server cannot be paired again; they rejoin the pool themselves if they return.
    if (failure.kind === 'member-left') {
      await markLeftServer(deps, round.guildId, member.userId, now);
      await recordDeparture(deps.db, round.guildId, member.userId, now);
    }
    deps.logger.warn(
      { guildId: round.guildId, group: member.groupId, userId: member.userId, error: failure.message },
      'interview member could not be added to the thread',
    );
  }
}

function describeFailure(failure: SendError, channelId: string): string {
  switch (failure.kind) {
    case 'member-left':
      return 'they are no longer in the server (Discord 10007)';
    case 'forbidden':
      return `Stepwise is missing a permission in <#${channelId}> (it needs View Channel, Send Messages, Create Private Threads and Send Messages in Threads)`;
    case 'unknown-channel':
      return `the channel <#${channelId}> or the thread no longer exists`;
    case 'retryable':
      return `Discord kept failing (${failure.message})`;
    default:
      return failure.message;
  }
}

/**
 * Tells the admin who set interviews up about anything Discord refused, once per round, by DM: the lines
 * name members and groups, so they are for the admin alone. Only when the admin's DMs are closed (50007)
 * does the interview channel get a note, with counts and no names. A transient failure (5xx, 429, the
 * network) is retried by the engine, never published. A round without problems sends nothing.
 */
async function reportRound(
  deps: InterviewRoundDeps,
  payload: { guildId: string; roundId: number },
  now: Date,
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const [round, config] = await Promise.all([
    getRound(deps.db, payload.roundId),
    getInterviewConfig(deps.db, payload.guildId),
  ]);
  if (!round || round.reportedAt !== null) return { outcome: 'skipped', reason: 'already reported' };
  const problems = await roundProblems(deps.db, round, await listGroups(deps.db, round.id));
  if (problems.length === 0 || !config) {
    await markRound(deps.db, round.id, 'reportedAt', now);
    return { outcome: 'skipped', reason: 'nothing to report' };
  }
  if (config.updatedBy === NOBODY) {
    // The admin who set interviews up deleted their data; whoever runs setup next gets the reports.
    deps.logger.warn({ guildId: round.guildId, round: round.key }, 'no admin to report the round to');
    await markRound(deps.db, round.id, 'reportedAt', now);
    return { outcome: 'skipped', reason: 'no admin' };
  }
  const message = renderRoundReport({
    guildName: deps.guildName(round.guildId),
    roundKey: round.key,
    channelId: round.channelId,
    problems,
  });
  try {
    const dm = await deps.messenger.openDm(config.updatedBy);
    const sent =
      (outcomeUnknown ? await deps.messenger.findSent(dm, message) : undefined) ??
      (await deps.messenger.send(dm, message, messageNonce('interview', 'report', round.id)));
    await markRound(deps.db, round.id, 'reportedAt', now);
    return { outcome: 'done', result: { messageId: sent, via: 'dm' } };
  } catch (dmError) {
    const dmFailure = classifySendError(dmError);
    if (dmFailure.kind !== 'dm-closed') return { outcome: 'retry', failure: dmFailure };
  }
  const note = renderRoundReportNote({
    adminId: config.updatedBy,
    roundKey: round.key,
    problems: problems.length,
  });
  const sent =
    (outcomeUnknown ? await deps.messenger.findSent(round.channelId, note) : undefined) ??
    (await deps.messenger.send(round.channelId, note, messageNonce('interview', 'report-note', round.id)));
  await markRound(deps.db, round.id, 'reportedAt', now);
  return { outcome: 'done', result: { messageId: sent, via: 'channel' } };
}

/** One nudge per group that has not said whether it met, halfway through the round. */
async function sendFollowUp(
  deps: InterviewRoundDeps,
  payload: { guildId: string; roundId: number; groupId: number },
  now: Date,
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const [round, group] = await Promise.all([
    getRound(deps.db, payload.roundId),
    getGroup(deps.db, payload.groupId),
  ]);
  if (!round || !group || group.threadId === null || group.followUpState !== null || round.closedAt !== null)
    return { outcome: 'skipped', reason: 'no follow-up owed' };
  if ((await listReports(deps.db, [group.id])).length > 0)
    return { outcome: 'skipped', reason: 'already answered' };
  const members = (await listGroupMembers(deps.db, group.id)).filter((m) => m.addState === 'added');
  const message = renderFollowUp({
    groupId: group.id,
    memberIds: members.map((m) => m.userId),
    closesAt: round.closesAt,
  });
  const sent =
    (outcomeUnknown ? await deps.messenger.findSent(group.threadId, message) : undefined) ??
    (await deps.messenger.send(group.threadId, message, messageNonce('interview', 'follow-up', group.id)));
  await updateGroup(deps.db, group.id, { followUpState: 'sent' }, now);
  return { outcome: 'done', result: { messageId: sent } };
}

/**
 * Ends a round: gives up on groups Discord never accepted (their work cancelled), records the report,
 * applies the no-show rule to the round's members (told by DM, silently skipped when their DMs are
 * closed), then marks the round closed.
 */
async function closeRound(
  deps: InterviewRoundDeps,
  payload: { guildId: string; roundId: number },
  now: Date,
): Promise<WorkOutcome> {
  const round = await getRound(deps.db, payload.roundId);
  if (!round || round.closedAt !== null) return { outcome: 'skipped', reason: 'already closed' };
  await cancelWork(
    deps.db,
    { guildId: round.guildId, keyPrefix: groupKeyPrefix(round.guildId, round.id) },
    'the round ended',
    now.getTime(),
  );
  const groups = await listGroups(deps.db, round.id);
  for (const group of groups) {
    if (group.state === 'posted' || group.state === 'failed') continue;
    await updateGroup(
      deps.db,
      group.id,
      { state: 'failed', error: group.error ?? 'the round ended before its thread could be set up' },
      now,
    );
  }
  // Reported once per round: a round whose groups all settled earlier was reported then.
  await enqueueWork(deps.db, [reportItem(round.guildId, round.id)], now.getTime());
  deps.work.kick();

  const settled = await listGroups(deps.db, round.id);
  const posted = new Set(settled.filter((g) => g.state === 'posted').map((g) => g.id));
  const members = (await listRoundGroupMembers(deps.db, round.id)).filter(
    (m) => posted.has(m.groupId) && m.addState === 'added',
  );
  const removed = await noShowsAfter(
    deps,
    round.guildId,
    members.map((m) => m.userId),
    now,
  );
  for (const userId of removed) {
    try {
      const dm = await deps.messenger.openDm(userId);
      await deps.messenger.send(
        dm,
        renderNoShowDm(deps.guildName(round.guildId)),
        messageNonce('interview', 'no-show', round.id, userId),
      );
    } catch (error) {
      // Closed DMs are expected; /interview status tells them too.
      deps.logger.info(
        { guildId: round.guildId, userId, error: classifySendError(error).message },
        'no-show notice not delivered',
      );
    }
    await updateInterviewMember(deps.db, round.guildId, userId, {
      active: false,
      leftAt: now.getTime(),
      removedReason: 'no-show',
      skipNext: false,
    });
  }
  await markRound(deps.db, round.id, 'closedAt', now);
  deps.logger.info(
    { guildId: round.guildId, round: round.key, removedForNoShow: removed.length },
    'interview round closed',
  );
  // The next round waited for this close (the pool it pairs depends on it): plan it now.
  const config = await getInterviewConfig(deps.db, round.guildId);
  if (config) await planInterviewGuild(deps, config, now);
  return { outcome: 'done', result: { removedForNoShow: removed.length } };
}

/**
 * Sends one feedback to its candidate by DM and records the result. Closed DMs are told apart from a
 * candidate who left the server (a DM to someone who left answers 50007 too).
 */
async function deliverFeedbackDm(
  deps: InterviewRoundDeps,
  payload: {
    guildId: string;
    groupId: number;
    giverId: string;
    candidateId: string;
    version: number;
    updated: boolean;
  },
  now: Date,
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const feedback = await getFeedback(deps.db, payload.groupId, payload.giverId, payload.candidateId);
  // A later edit has its own item; this version is no longer the one to deliver.
  if (!feedback || feedback.updatedAt !== payload.version)
    return { outcome: 'skipped', reason: 'superseded' };
  const round = await getRound(deps.db, feedback.roundId);
  const message = renderFeedbackDm({
    guildName: deps.guildName(payload.guildId),
    roundKey: round?.key ?? '',
    feedback,
    updated: payload.updated,
  });
  let delivery: FeedbackDelivery;
  try {
    const dm = await deps.messenger.openDm(feedback.candidateId);
    if (!(outcomeUnknown && (await deps.messenger.findSent(dm, message))))
      await deps.messenger.send(
        dm,
        message,
        messageNonce('interview', 'feedback', payload.groupId, payload.giverId, payload.version),
      );
    delivery = 'dm';
  } catch (error) {
    const failure = error instanceof SendError ? error : classifySendError(error);
    if (failure.kind !== 'dm-closed') return { outcome: 'retry', failure };
    const here = await deps.presence.lookUp(feedback.guildId, feedback.candidateId, now).catch(() => true);
    delivery = here ? 'dm-closed' : 'left';
  }
  await markFeedbackDelivered(
    deps.db,
    feedback.groupId,
    feedback.giverId,
    feedback.candidateId,
    delivery === 'dm' ? 'dm' : 'none',
  );
  return { outcome: 'done', result: { delivery } };
}
