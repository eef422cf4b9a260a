import type { REST } from 'discord.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { servesGuild, SINGLE_SHARD, type ShardScope } from '../domain/shards/shards.js';
import { recordDeparture } from '../db/repositories/departures.js';
import { NOBODY } from '../db/repositories/member-data.js';
import {
  createRound,
  getRoundByKey,
  listGroupMembers,
  listGroups,
  listInterviewConfigs,
  listOpenRounds,
  listReports,
  listUndeliveredFeedback,
  listRoundGroupMembers,
  markRound,
  updateGroup,
  updateGroupMember,
  updateInterviewMember,
} from '../db/repositories/interviews.js';
import type {
  InterviewConfigRow,
  InterviewGroupMemberRow,
  InterviewGroupRow,
  InterviewRoundRow,
} from '../db/tables/interviews.js';
import { MINUTE_MS } from '../domain/time/duration.js';
import type { QuestionBank } from '../domain/questions/schema.js';
import { classifySendError, type Messenger, type SendError } from '../discord/messenger.js';
import { RestThreadApi, type ThreadApi } from '../discord/threads.js';
import {
  renderFollowUp,
  renderIntro,
  renderNoShowDm,
  renderRoundReport,
  renderRoundReportNote,
} from '../discord/render/interviews.js';
import { sendFeedbackDm } from '../discord/feedback-delivery.js';
import type { MemberPresence } from '../discord/presence.js';
import { Refusal } from '../domain/refusal.js';
import type { Logger } from '../logger.js';
import { backoffMs, messageNonce, shouldRetry } from './retry.js';
import {
  cycleAt,
  markLeftServer,
  noShowsAfter,
  planRound,
  questionsOf,
  scheduleOf,
  toNewRound,
  type Cycle,
} from '../services/interviews.js';
import type { Job } from './scheduler.js';

export interface InterviewRoundDeps {
  db: Kysely<Database>;
  logger: Logger;
  messenger: Messenger;
  presence: Pick<MemberPresence, 'stillHere' | 'lookUp'>;
  questions: QuestionBank;
  threads: ThreadApi;
  guildName(guildId: string): string;
  /** When true, stop starting groups: the rest stay recorded for the next run. */
  shouldStop?(): boolean;
  /** The servers this process serves: those of the shards it is active for (default: all). */
  scope?: ShardScope;
}

export function interviewJob(deps: Omit<InterviewRoundDeps, 'threads'>, rest: REST): Job {
  const full: InterviewRoundDeps = { ...deps, threads: new RestThreadApi(rest) };
  return { name: 'interviews', cron: '* * * * *', run: (now) => runInterviewTick(full, now) };
}

// One round at a time per server: the minute job and /interview-admin pair-now must never both work on
// the same groups (that is how duplicate threads happen). Keyed by database so test bots stay apart.
const locks = new WeakMap<object, Map<string, Promise<void>>>();

export async function withGuildLock<T>(db: object, guildId: string, work: () => Promise<T>): Promise<T> {
  let byGuild = locks.get(db);
  if (!byGuild) locks.set(db, (byGuild = new Map()));
  const previous = byGuild.get(guildId) ?? Promise.resolve();
  let release: () => void = () => {};
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  byGuild.set(guildId, tail);
  await previous;
  try {
    return await work();
  } finally {
    release();
    if (byGuild.get(guildId) === tail) byGuild.delete(guildId);
  }
}

/** Runs whatever is due in every server; safe to call at any time, any number of times. */
export async function runInterviewTick(deps: InterviewRoundDeps, now: Date): Promise<void> {
  for (const config of await listInterviewConfigs(deps.db)) {
    if (deps.shouldStop?.()) return;
    const scope = deps.scope ?? SINGLE_SHARD;
    if (!servesGuild(scope, config.guild_id)) continue;
    // A shard's lease lost mid-round stops this server's groups too, not only a shutdown.
    const guildDeps = {
      ...deps,
      shouldStop: () => (deps.shouldStop?.() ?? false) || !servesGuild(scope, config.guild_id),
    };
    try {
      await withGuildLock(deps.db, config.guild_id, () => runGuild(guildDeps, config, now));
    } catch (error) {
      deps.logger.error({ err: error, guildId: config.guild_id }, 'interview round failed');
    }
  }
}

async function runGuild(deps: InterviewRoundDeps, config: InterviewConfigRow, now: Date): Promise<void> {
  await retryFeedbackDms(deps, config.guild_id, now);
  await settleOpenRounds(deps, config, now);
  const cycle = cycleAt(scheduleOf(config), config.anchor_key, now);
  if (cycle.opensAt.getTime() < config.active_since) return;
  if (await getRoundByKey(deps.db, config.guild_id, cycle.key)) return;
  deps.logger.info({ guildId: config.guild_id, round: cycle.key }, 'interview round due');
  await openRound(deps, config, cycle, cycle.opensAt, now);
}

/**
 * Feedback DMs that failed for a moment are sent again, a minute or more after they were saved (so a
 * delivery still in flight from the modal is never doubled).
 */
async function retryFeedbackDms(deps: InterviewRoundDeps, guildId: string, now: Date): Promise<void> {
  for (const feedback of await listUndeliveredFeedback(deps.db, guildId, now.getTime() - MINUTE_MS)) {
    const outcome = await sendFeedbackDm(
      { ...deps, clock: { now: () => now } },
      deps.guildName(guildId),
      feedback.round_key,
      feedback,
      feedback.updated_at > feedback.created_at,
    );
    deps.logger.info({ guildId, group: feedback.group_id, outcome }, 'feedback DM retried');
  }
}

/** Closes rounds that ended, and moves the others on: unfinished groups, then the mid-round follow-up. */
async function settleOpenRounds(deps: InterviewRoundDeps, config: InterviewConfigRow, now: Date) {
  for (const round of await listOpenRounds(deps.db, config.guild_id)) {
    if (round.closes_at <= now.getTime()) {
      await closeRound(deps, config, round, now);
      continue;
    }
    await advanceRound(deps, config, round, now);
    if (round.followed_up_at === null && round.follow_up_at <= now.getTime())
      await sendFollowUps(deps, round, now);
  }
}

export interface RoundProgress {
  round: InterviewRoundRow;
  groups: number;
  posted: number;
  failed: number;
  pending: number;
  problems: string[];
}

/**
 * `/interview-admin pair-now`: pairs the current cycle now instead of at its opening. A cycle whose round
 * was interrupted is resumed; one that already ran is refused.
 */
export async function startRoundNow(
  deps: InterviewRoundDeps,
  config: InterviewConfigRow,
  now: Date,
): Promise<RoundProgress> {
  return withGuildLock(deps.db, config.guild_id, async () => {
    await settleOpenRounds(deps, config, now);
    const cycle = cycleAt(scheduleOf(config), config.anchor_key, now);
    const existing = await getRoundByKey(deps.db, config.guild_id, cycle.key);
    if (existing) {
      const progress = await advanceRound(deps, config, existing, now);
      if (progress.pending > 0 || existing.paired_at === null) return progress;
      throw new Refusal({
        code: 'interview-round-already-ran',
        ranAt: new Date(existing.created_at),
        nextAt: cycle.closesAt,
      });
    }
    return openRound(deps, config, cycle, now, now);
  });
}

async function openRound(
  deps: InterviewRoundDeps,
  config: InterviewConfigRow,
  cycle: Cycle,
  startedAt: Date,
  now: Date,
): Promise<RoundProgress> {
  const plan = await planRound(deps, config.guild_id, cycle.key, startedAt, (userId) =>
    deps.presence.stillHere(config.guild_id, userId, now),
  );
  // Out of the pool, as when Discord refuses to add them to a thread; they rejoin if they come back.
  for (const userId of plan.departed) await markLeftServer(deps, config.guild_id, userId, now);
  const { round } = await createRound(
    deps.db,
    toNewRound(
      plan,
      config.guild_id,
      config.channel_id,
      { opensAt: startedAt, closesAt: cycle.closesAt },
      now,
    ),
    now,
  );
  deps.logger.info(
    {
      guildId: config.guild_id,
      round: round.round_key,
      pool: plan.poolSize,
      groups: plan.groups.length,
      repeats: plan.repeats,
      skipped: plan.skipped.length,
    },
    'interview round planned',
  );
  return advanceRound(deps, config, round, now);
}

/** Thread names are unique per round and group, so a thread created before a crash can be found again. */
export function threadName(
  round: Pick<InterviewRoundRow, 'round_key'>,
  group: Pick<InterviewGroupRow, 'position'>,
) {
  return `Mock interview · ${round.round_key} · ${group.position}`;
}

/** Moves every unfinished group one step further; groups are done one at a time, in order. */
export async function advanceRound(
  deps: InterviewRoundDeps,
  config: InterviewConfigRow,
  round: InterviewRoundRow,
  now: Date,
): Promise<RoundProgress> {
  for (const group of await listGroups(deps.db, round.id)) {
    if (deps.shouldStop?.()) break;
    if (group.state === 'posted' || group.state === 'failed') continue;
    await advanceGroup(deps, round, group, now);
  }
  const groups = await listGroups(deps.db, round.id);
  const pending = groups.filter((g) => g.state !== 'posted' && g.state !== 'failed').length;
  const problems = await roundProblems(deps.db, round, groups);
  if (pending === 0) {
    await markRound(deps.db, round.id, 'paired_at', now);
    await reportRound(deps, config, round, problems, now);
  }
  return {
    round,
    groups: groups.length,
    posted: groups.filter((g) => g.state === 'posted').length,
    failed: groups.filter((g) => g.state === 'failed').length,
    pending,
    problems,
  };
}

async function advanceGroup(
  deps: InterviewRoundDeps,
  round: InterviewRoundRow,
  group: InterviewGroupRow,
  now: Date,
): Promise<void> {
  const { db, threads, logger } = deps;
  if (group.next_attempt_at !== null && group.next_attempt_at > now.getTime()) return;
  const attempts = group.attempts + 1;
  // Recorded before anything is sent: a crash from here on is seen as an attempt that may have happened.
  await updateGroup(db, group.id, { attempts }, now);
  let state = group.state;
  let threadId = group.thread_id;
  let step = 'create the private thread';
  try {
    if (state === 'pending' || threadId === null) {
      const name = threadName(round, group);
      // An earlier attempt may have created the thread and crashed before recording it: adopt that one.
      const found =
        group.attempts > 0
          ? await threads.findActiveThread(round.guild_id, round.channel_id, name)
          : undefined;
      threadId = found ?? (await threads.createPrivateThread(round.channel_id, name));
      await updateGroup(db, group.id, { state: 'thread-created', threadId }, now);
      state = 'thread-created';
    }
    if (state === 'thread-created') {
      step = 'add the members to the thread';
      for (const member of await listGroupMembers(db, group.id)) {
        if (member.add_state !== 'pending') continue;
        await addMember(deps, round, threadId, member, now);
      }
      await updateGroup(db, group.id, { state: 'members-added' }, now);
      state = 'members-added';
    }
    if (state === 'members-added') {
      step = 'post the introduction in the thread';
      const members = await listGroupMembers(db, group.id);
      if (!members.some((m) => m.add_state === 'added')) {
        await updateGroup(
          db,
          group.id,
          {
            state: 'failed',
            error: 'nobody in this group could be added to its thread',
            nextAttemptAt: null,
          },
          now,
        );
        return;
      }
      const intro = renderIntro({
        groupId: group.id,
        roundKey: round.round_key,
        closesAt: round.closes_at,
        guide: deps.questions.starGuide,
        members: members.map((m) => ({
          userId: m.user_id,
          added: m.add_state === 'added',
          questions: questionsOf(deps.questions, m),
        })),
      });
      // After a crash or a lost answer the intro may be there already, past Discord's nonce window.
      const messageId =
        (group.attempts > 0 ? await deps.messenger.findSent(threadId, intro) : undefined) ??
        (await deps.messenger.send(threadId, intro, messageNonce('interview', 'intro', group.id)));
      await updateGroup(db, group.id, { state: 'posted', messageId, error: null, nextAttemptAt: null }, now);
    }
  } catch (error) {
    const failure = classifySendError(error);
    const retry = shouldRetry(failure.kind, attempts);
    await updateGroup(
      db,
      group.id,
      {
        ...(retry ? {} : { state: 'failed' as const }),
        error: `could not ${step}: ${describeFailure(failure, round.channel_id)}`.slice(0, 500),
        nextAttemptAt: retry ? now.getTime() + backoffMs(attempts) : null,
      },
      now,
    );
    logger.warn(
      {
        guildId: round.guild_id,
        round: round.round_key,
        group: group.id,
        step,
        attempts,
        retry,
        error: failure.message,
      },
      'interview group step failed',
    );
  }
}

/** One member into the thread. Refusals are recorded and reported; only transient failures stop the group. */
async function addMember(
  deps: InterviewRoundDeps,
  round: InterviewRoundRow,
  threadId: string,
  member: InterviewGroupMemberRow,
  now: Date,
): Promise<void> {
  try {
    await deps.threads.addMember(threadId, member.user_id);
    await updateGroupMember(deps.db, member.group_id, member.user_id, { addState: 'added', addError: null });
  } catch (error) {
    const failure = classifySendError(error);
    if (failure.kind === 'retryable') throw failure;
    await updateGroupMember(deps.db, member.group_id, member.user_id, {
      addState: 'failed',
      addError: describeFailure(failure, round.channel_id).slice(0, 300),
    });
    // Someone who left the server cannot be paired again; they rejoin the pool themselves if they return.
    if (failure.kind === 'member-left') {
      await markLeftServer(deps, round.guild_id, member.user_id, now);
      await recordDeparture(deps.db, round.guild_id, member.user_id, now);
    }
    deps.logger.warn(
      { guildId: round.guild_id, group: member.group_id, userId: member.user_id, error: failure.message },
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

/** Human lines for every group or member Discord refused, built from what is recorded. */
async function roundProblems(
  db: Kysely<Database>,
  round: InterviewRoundRow,
  groups: readonly InterviewGroupRow[],
): Promise<string[]> {
  const members = await listRoundGroupMembers(db, round.id);
  const problems: string[] = [];
  for (const group of groups) {
    const inGroup = members.filter((m) => m.group_id === group.id);
    const who = inGroup.map((m) => `<@${m.user_id}>`).join(', ');
    if (group.state === 'failed')
      problems.push(`Group ${group.position} (${who}): ${group.error ?? 'failed'}.`);
    for (const member of inGroup) {
      if (member.add_state === 'failed')
        problems.push(
          `<@${member.user_id}> could not be added to ${group.thread_id ? `<#${group.thread_id}>` : `group ${group.position}'s thread`}: ${member.add_error ?? 'refused'}.`,
        );
    }
  }
  return problems;
}

/**
 * Tells the admin who set interviews up about anything Discord refused, once per round, by DM: the lines
 * name members and groups, so they are for the admin alone. Only when the admin's DMs are closed (50007)
 * does the interview channel get a note, with counts and no names. A transient failure (5xx, 429, the
 * network) is retried on a later tick, never published. A round without problems sends nothing.
 */
async function reportRound(
  deps: InterviewRoundDeps,
  config: InterviewConfigRow,
  round: InterviewRoundRow,
  problems: readonly string[],
  now: Date,
): Promise<void> {
  const fresh = await getRoundByKey(deps.db, round.guild_id, round.round_key);
  if (!fresh || fresh.reported_at !== null) return;
  if (problems.length > 0) {
    const message = renderRoundReport({
      guildName: deps.guildName(round.guild_id),
      roundKey: round.round_key,
      channelId: round.channel_id,
      problems,
    });
    if (config.updated_by === NOBODY) {
      // The admin who set interviews up deleted their data; whoever runs setup next gets the reports.
      deps.logger.warn(
        { guildId: round.guild_id, round: round.round_key },
        'no admin to report the round to',
      );
      await markRound(deps.db, round.id, 'reported_at', now);
      return;
    }
    try {
      const dm = await deps.messenger.openDm(config.updated_by);
      await deps.messenger.send(dm, message, messageNonce('interview', 'report', round.id));
    } catch (dmError) {
      const dmFailure = classifySendError(dmError);
      if (dmFailure.kind === 'retryable') {
        deps.logger.warn(
          { guildId: round.guild_id, round: round.round_key, error: dmFailure.message },
          'round report not delivered yet; will retry',
        );
        return;
      }
      if (dmFailure.kind === 'dm-closed') {
        try {
          await deps.messenger.send(
            round.channel_id,
            renderRoundReportNote({
              adminId: config.updated_by,
              roundKey: round.round_key,
              problems: problems.length,
            }),
            messageNonce('interview', 'report-note', round.id),
          );
        } catch (channelError) {
          const failure = classifySendError(channelError);
          deps.logger.error(
            { guildId: round.guild_id, round: round.round_key, error: failure.message },
            'could not tell the admin about interview round problems',
          );
          if (failure.kind === 'retryable') return;
        }
      } else {
        deps.logger.error(
          { guildId: round.guild_id, round: round.round_key, error: dmFailure.message, kind: dmFailure.kind },
          'could not send the interview round report to the admin',
        );
      }
    }
  }
  await markRound(deps.db, round.id, 'reported_at', now);
}

/** One nudge per group that has not said whether it met, halfway through the round. */
async function sendFollowUps(deps: InterviewRoundDeps, round: InterviewRoundRow, now: Date): Promise<void> {
  const groups = (await listGroups(deps.db, round.id)).filter(
    (g) => g.state === 'posted' && g.follow_up_state === null && g.thread_id !== null,
  );
  const answered = new Set(
    (
      await listReports(
        deps.db,
        groups.map((g) => g.id),
      )
    ).map((r) => r.group_id),
  );
  let retryLater = false;
  for (const group of groups) {
    if (answered.has(group.id) || group.thread_id === null) continue;
    const members = (await listGroupMembers(deps.db, group.id)).filter((m) => m.add_state === 'added');
    try {
      await deps.messenger.send(
        group.thread_id,
        renderFollowUp({
          groupId: group.id,
          memberIds: members.map((m) => m.user_id),
          closesAt: round.closes_at,
        }),
        messageNonce('interview', 'follow-up', group.id),
      );
      await updateGroup(deps.db, group.id, { followUpState: 'sent' }, now);
    } catch (error) {
      const failure = classifySendError(error);
      if (failure.kind === 'retryable') retryLater = true;
      else await updateGroup(deps.db, group.id, { followUpState: 'failed' }, now);
      deps.logger.warn(
        { guildId: round.guild_id, group: group.id, error: failure.message },
        'interview follow-up failed',
      );
    }
  }
  if (!retryLater) await markRound(deps.db, round.id, 'followed_up_at', now);
}

/**
 * Ends a round: gives up on groups Discord never accepted, reports them, applies the no-show rule to the
 * round's members (told by DM, silently skipped when their DMs are closed), then marks the round closed.
 */
export async function closeRound(
  deps: InterviewRoundDeps,
  config: InterviewConfigRow,
  round: InterviewRoundRow,
  now: Date,
): Promise<string[]> {
  const groups = await listGroups(deps.db, round.id);
  for (const group of groups) {
    if (group.state === 'posted' || group.state === 'failed') continue;
    await updateGroup(
      deps.db,
      group.id,
      {
        state: 'failed',
        error: group.error ?? 'the round ended before its thread could be set up',
        nextAttemptAt: null,
      },
      now,
    );
  }
  const settled = await listGroups(deps.db, round.id);
  await reportRound(deps, config, round, await roundProblems(deps.db, round, settled), now);

  const posted = new Set(settled.filter((g) => g.state === 'posted').map((g) => g.id));
  const members = (await listRoundGroupMembers(deps.db, round.id)).filter(
    (m) => posted.has(m.group_id) && m.add_state === 'added',
  );
  const removed = await noShowsAfter(
    deps,
    round.guild_id,
    members.map((m) => m.user_id),
    now,
  );
  for (const userId of removed) {
    try {
      const dm = await deps.messenger.openDm(userId);
      await deps.messenger.send(
        dm,
        renderNoShowDm(deps.guildName(round.guild_id)),
        messageNonce('interview', 'no-show', round.id, userId),
      );
    } catch (error) {
      // Closed DMs are expected; /interview status tells them too.
      deps.logger.info(
        { guildId: round.guild_id, userId, error: classifySendError(error).message },
        'no-show notice not delivered',
      );
    }
    await updateInterviewMember(deps.db, round.guild_id, userId, {
      active: 0,
      left_at: now.getTime(),
      removed_reason: 'no-show',
      skip_next: 0,
    });
  }
  await markRound(deps.db, round.id, 'closed_at', now);
  deps.logger.info(
    { guildId: round.guild_id, round: round.round_key, removedForNoShow: removed.length },
    'interview round closed',
  );
  return removed;
}
