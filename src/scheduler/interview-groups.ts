import { recordDeparture } from '../db/repositories/departures.js';
import { getInterviewConfig } from '../db/repositories/interviews/config.js';
import {
  getGroup,
  listGroupMembers,
  listGroups,
  updateGroup,
  updateGroupMember,
} from '../db/repositories/interviews/groups.js';
import { createRound, getRound, getRoundByKey } from '../db/repositories/interviews/rounds.js';
import { enqueueWork } from '../db/repositories/work-items.js';
import { questionsOf } from '../domain/interviews/questions.js';
import { toNewRound } from '../domain/interviews/round-plan.js';
import { cycleAt, scheduleOf } from '../domain/interviews/schedule.js';
import type { GroupMember, InterviewGroup, InterviewRound } from '../domain/interviews/types.js';
import { classifySendError, type SendError } from '../discord/messenger.js';
import { renderIntro } from '../discord/render/interviews/intro.js';
import { groupItems, settled, settleRoundIfPaired } from '../services/interview-rounds.js';
import { planRound } from '../services/interview-planning.js';
import { markLeftServer } from '../services/interview-pool.js';
import type { InterviewRoundDeps } from './interview-rounds.js';
import { messageNonce, sendOnce } from './retry.js';
import type { WorkOutcome } from './work-engine.js';

/**
 * Opening a round and setting up its groups, one at a time: a private thread each, its members added,
 * the introduction posted. Every step is recorded, so a retry or a restart resumes where it stopped.
 */

/** Thread names are unique per round and group, so a thread created before a crash can be found again. */
export function threadName(round: Pick<InterviewRound, 'key'>, group: Pick<InterviewGroup, 'position'>) {
  return `Mock interview · ${round.key} · ${group.position}`;
}

/** Plans and records the round (groups, members, questions) in one transaction, then its groups' work. */
export async function openRound(
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
export async function chainNextGroup(
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
export async function settleRound(
  deps: InterviewRoundDeps,
  payload: { guildId: string; roundId: number },
  now: Date,
) {
  if (await settleRoundIfPaired(deps.db, { id: payload.roundId, guildId: payload.guildId }, now))
    deps.work.kick();
}

/** A group the engine gave up on after its retries: failed, so the round can settle without it. */
export async function giveUpOnGroup(
  deps: InterviewRoundDeps,
  payload: { guildId: string; roundId: number; groupId: number },
  now: Date,
): Promise<void> {
  const group = await getGroup(deps.db, payload.groupId);
  if (!group || group.state === 'posted') return;
  await updateGroup(deps.db, group.id, { state: 'failed', error: group.error ?? 'Discord refused it' }, now);
  await settleRound(deps, payload, now);
}

/** One group, from nothing to its introduction in a private thread, resumable at every step. */
export async function advanceGroup(
  deps: InterviewRoundDeps,
  payload: { guildId: string; roundId: number; groupId: number },
  now: Date,
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const { db, threads } = deps;
  const [round, group] = await Promise.all([getRound(db, payload.roundId), getGroup(db, payload.groupId)]);
  if (!round || !group || round.closedAt !== null) return { outcome: 'skipped', reason: 'round closed' };
  if (settled(group)) return { outcome: 'skipped', reason: 'already settled' };
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
    const messageId = await sendOnce(
      deps.messenger,
      threadId,
      intro,
      messageNonce('interview', 'intro', group.id),
      outcomeUnknown,
    );
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
