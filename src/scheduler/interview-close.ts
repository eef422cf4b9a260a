import { NOBODY } from '../db/repositories/member-data.js';
import { getInterviewConfig } from '../db/repositories/interviews/config.js';
import {
  getGroup,
  listGroupMembers,
  listGroups,
  listRoundGroupMembers,
  updateGroup,
} from '../db/repositories/interviews/groups.js';
import { listReports } from '../db/repositories/interviews/reports.js';
import { getRound, markRound } from '../db/repositories/interviews/rounds.js';
import { cancelWork, enqueueWork } from '../db/repositories/work-items.js';
import { classifySendError } from '../discord/messenger.js';
import { renderFollowUp } from '../discord/render/interviews/intro.js';
import {
  renderNoShowDm,
  renderRoundReport,
  renderRoundReportNote,
} from '../discord/render/interviews/notices.js';
import { roundProblems } from '../services/interview-round-progress.js';
import { groupKeyPrefix, planInterviewGuild, reportItem, settled } from '../services/interview-rounds.js';
import { noShowsAfter } from '../services/interview-meetings.js';
import { removeForNoShow } from '../services/interview-pool.js';
import type { InterviewRoundDeps } from './interview-rounds.js';
import { messageNonce, sendOnce } from './retry.js';
import type { WorkOutcome } from './work-engine.js';

/** A round's later life: the mid-round follow-up, the report to the admin, the close and its no-show rule. */

/**
 * Tells the admin who set interviews up about anything Discord refused, once per round, by DM: the lines
 * name members and groups, so they are for the admin alone. Only when the admin's DMs are closed (50007)
 * does the interview channel get a note, with counts and no names. A transient failure (5xx, 429, the
 * network) is retried by the engine, never published. A round without problems sends nothing.
 */
export async function reportRound(
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
    const sent = await sendOnce(
      deps.messenger,
      dm,
      message,
      messageNonce('interview', 'report', round.id),
      outcomeUnknown,
    );
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
  const sent = await sendOnce(
    deps.messenger,
    round.channelId,
    note,
    messageNonce('interview', 'report-note', round.id),
    outcomeUnknown,
  );
  await markRound(deps.db, round.id, 'reportedAt', now);
  return { outcome: 'done', result: { messageId: sent, via: 'channel' } };
}

/** One nudge per group that has not said whether it met, halfway through the round. */
export async function sendFollowUp(
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
  const sent = await sendOnce(
    deps.messenger,
    group.threadId,
    message,
    messageNonce('interview', 'follow-up', group.id),
    outcomeUnknown,
  );
  await updateGroup(deps.db, group.id, { followUpState: 'sent' }, now);
  return { outcome: 'done', result: { messageId: sent } };
}

/**
 * Ends a round: gives up on groups Discord never accepted (their work cancelled), records the report,
 * applies the no-show rule to the round's members (told by DM, silently skipped when their DMs are
 * closed), then marks the round closed.
 */
export async function closeRound(
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
    if (settled(group)) continue;
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

  const settledGroups = await listGroups(deps.db, round.id);
  const posted = new Set(settledGroups.filter((g) => g.state === 'posted').map((g) => g.id));
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
    await removeForNoShow(deps, round.guildId, userId, now);
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
