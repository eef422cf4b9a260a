import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import {
  ensureRound,
  getCheckinMember,
  giveUpOwedDeliveries,
  listActiveCheckinMembers,
  listAnswers,
  listCheckinConfigs,
  listDeliveries,
  listRounds,
  markRoundPhase,
  memberHistories,
  planDeliveries,
  toAnswer,
  updateDelivery,
} from '../db/repositories/checkins.js';
import type { CheckinConfigRow, CheckinDeliveryRow, DeliveryKind } from '../db/tables/checkins.js';
import { duePhases } from '../domain/checkins/phases.js';
import { roundWindow, type RoundWindow } from '../domain/checkins/schedule.js';
import { buildRoundSummary, type RoundSummary } from '../domain/checkins/summary.js';
import type { Messenger, OutgoingMessage } from '../discord/messenger.js';
import type { MemberPresence } from '../discord/presence.js';
import { SendError } from '../discord/messenger.js';
import { renderDeliveryReport, renderPrompt, renderSummary } from '../discord/render/checkins.js';
import type { Logger } from '../logger.js';
import { backoffMs, messageNonce, shouldRetry } from './retry.js';
import type { ChartRenderer } from '../render/charts/renderer.js';
import {
  answerableRound,
  deliveryFor,
  isPaused,
  scheduleOf,
  setDeliveryChannel,
  windowOf,
} from '../services/checkins.js';
import type { Job } from './scheduler.js';
import { sendSummaryWithChart } from './summary-chart.js';

export interface CheckinRoundDeps {
  db: Kysely<Database>;
  logger: Logger;
  messenger: Messenger;
  presence: Pick<MemberPresence, 'stillHere'>;
  guildName(guildId: string): string;
  /** Draws the participation chart the summary attaches. */
  charts?: ChartRenderer;
  /** When true, stop claiming deliveries: those not started stay pending for the next run. */
  shouldStop?(): boolean;
}

const SEND_CONCURRENCY = 8;

export function checkinJob(deps: CheckinRoundDeps): Job {
  return { name: 'checkins', cron: '* * * * *', run: (now) => runCheckinTick(deps, now) };
}

/** Runs every phase that is due in every server; safe to call at any time, any number of times. */
export async function runCheckinTick(deps: CheckinRoundDeps, now: Date): Promise<void> {
  for (const config of await listCheckinConfigs(deps.db)) {
    if (deps.shouldStop?.()) return;
    try {
      await runGuildPhases(deps, config, now);
    } catch (error) {
      deps.logger.error({ err: error, guildId: config.guild_id }, 'check-in round failed');
    }
  }
}

async function runGuildPhases(deps: CheckinRoundDeps, config: CheckinConfigRow, now: Date): Promise<void> {
  const schedule = scheduleOf(config);
  // Every round that started is carried on by its own row, however it started (tick, send-now, catch-up).
  const started = (await listRounds(deps.db, config.guild_id)).map((round) => ({
    window: windowOf(round),
    openedAt: round.opened_at,
    remindedAt: round.reminded_at,
    closedAt: round.closed_at,
  }));
  for (const due of duePhases(schedule, started, now, { activeSince: config.active_since })) {
    deps.logger.info(
      { guildId: config.guild_id, round: due.roundKey, phase: due.phase },
      'check-in phase due',
    );
    if (due.phase === 'open') await openRound(deps, config, due.window, now);
    else if (due.phase === 'remind') await remindRound(deps, config, due.window, now);
    else await closeRound(deps, config, due.window, now, { postSummary: !due.stale });
  }
}

export interface DeliveryReport {
  sent: number;
  skipped: number;
  failed: number;
  pending: number;
  alreadyDone: boolean;
}

/** Prompts every opted-in member once. Recorded before sending, so a crash resumes where it stopped. */
export async function openRound(
  deps: CheckinRoundDeps,
  config: CheckinConfigRow,
  window: RoundWindow,
  now: Date,
): Promise<DeliveryReport> {
  const { db } = deps;
  await ensureRound(db, {
    guild_id: config.guild_id,
    round_key: window.key,
    opens_at: window.opensAt.getTime(),
    remind_at: window.remindAt.getTime(),
    closes_at: window.closesAt.getTime(),
    channel_id: config.channel_id,
  });
  const before = await listDeliveries(db, config.guild_id, window.key, 'prompt');
  const members = await listActiveCheckinMembers(db, config.guild_id);
  await planDeliveries(
    db,
    config.guild_id,
    window.key,
    'prompt',
    members.map((m) => ({ userId: m.user_id, state: isPaused(m, now) ? 'skipped' : 'pending' })),
    now,
  );
  const report = await deliverPending(deps, config, window, 'prompt', now);
  if (report.pending === 0) await markRoundPhase(db, config.guild_id, window.key, 'opened_at', now);
  return {
    ...report,
    alreadyDone: before.length > 0 && before.every((d) => d.state !== 'pending' && d.state !== 'sending'),
  };
}

/** One reminder per round, only to prompted members who have not answered. */
export async function remindRound(
  deps: CheckinRoundDeps,
  config: CheckinConfigRow,
  window: RoundWindow,
  now: Date,
): Promise<void> {
  const { db } = deps;
  const prompted = await listDeliveries(db, config.guild_id, window.key, 'prompt', ['sent']);
  const answered = new Set((await listAnswers(db, config.guild_id, window.key)).map((a) => a.user_id));
  const plan: Array<{ userId: string; state: 'pending' | 'skipped' }> = [];
  for (const delivery of prompted) {
    if (answered.has(delivery.user_id)) continue;
    const member = await getCheckinMember(db, config.guild_id, delivery.user_id);
    if (!member || member.active !== 1) continue;
    plan.push({ userId: delivery.user_id, state: isPaused(member, now) ? 'skipped' : 'pending' });
  }
  await planDeliveries(db, config.guild_id, window.key, 'reminder', plan, now);
  const report = await deliverPending(deps, config, window, 'reminder', now);
  if (report.pending === 0) await markRoundPhase(db, config.guild_id, window.key, 'reminded_at', now);
}

export async function summarizeRound(
  db: Kysely<Database>,
  guildId: string,
  roundKey: string,
  now: Date,
): Promise<RoundSummary> {
  const rounds = await listRounds(db, guildId);
  const closed = new Set(
    rounds.filter((r) => r.closes_at <= now.getTime() || r.round_key === roundKey).map((r) => r.round_key),
  );
  const histories = await memberHistories(db, guildId, closed);
  const answers = new Map(
    (await listAnswers(db, guildId, roundKey)).map((row) => [row.user_id, toAnswer(row)]),
  );
  return buildRoundSummary(
    roundKey,
    [...histories].map(([memberId, history]) => ({
      memberId,
      history,
      answer: answers.get(memberId) ?? null,
    })),
  );
}

/**
 * Gives up on prompts still owed (those members are not counted as missed), then posts the summary once; a
 * failed post is retried on the next tick, the nonce preventing a double.
 */
export async function closeRound(
  deps: CheckinRoundDeps,
  config: CheckinConfigRow,
  window: RoundWindow,
  now: Date,
  options: { postSummary: boolean } = { postSummary: true },
): Promise<void> {
  const reason = 'not delivered before the round closed';
  for (const kind of ['prompt', 'reminder'] as const) {
    const owed = await listDeliveries(deps.db, config.guild_id, window.key, kind, ['pending', 'sending']);
    if (owed.length === 0) continue;
    await giveUpOwedDeliveries(deps.db, config.guild_id, window.key, kind, reason, now);
    deps.logger.warn({ guildId: config.guild_id, round: window.key, kind, count: owed.length }, reason);
  }
  if (!options.postSummary) {
    deps.logger.info({ guildId: config.guild_id, round: window.key }, 'stale round closed without a summary');
    await markRoundPhase(deps.db, config.guild_id, window.key, 'closed_at', now);
    return;
  }
  const summary = await summarizeRound(deps.db, config.guild_id, window.key, now);
  const message = renderSummary(summary, { partial: false });
  try {
    // A close retried after a crash may find its summary there already, past the nonce's few minutes.
    const posted =
      (await deps.messenger.findSent(config.channel_id, message)) ??
      (await sendSummaryWithChart(
        deps,
        config.guild_id,
        config.channel_id,
        message,
        window.opensAt,
        messageNonce(config.guild_id, window.key, 'summary'),
      ));
    deps.logger.info({ guildId: config.guild_id, round: window.key, messageId: posted }, 'summary posted');
  } catch (error) {
    if (error instanceof SendError && error.kind === 'retryable') {
      deps.logger.warn(
        { err: error, guildId: config.guild_id, round: window.key },
        'summary not posted yet; will retry',
      );
      return;
    }
    deps.logger.error(
      { err: error, guildId: config.guild_id, round: window.key },
      'summary could not be posted',
    );
  }
  await reportUndelivered(deps, config, window);
  await markRoundPhase(deps.db, config.guild_id, window.key, 'closed_at', now);
}

/** Why a delivery failed, for the admin: the recorded failure kind in plain words. */
function failureReason(error: string | null, channelId: string): string {
  const [kind = '', ...rest] = (error ?? '').split(': ');
  const detail = rest.join(': ');
  switch (kind) {
    case 'dm-closed':
      return `their direct messages are closed, and the mention in <#${channelId}> failed too`;
    case 'forbidden':
      return `Stepwise is missing a permission in <#${channelId}> (View Channel, Send Messages, Embed Links)`;
    case 'unknown-channel':
      return `the channel <#${channelId}> no longer exists`;
    case 'retryable':
      return `Discord kept failing (${detail})`;
    case 'fatal':
      return `Discord refused it (${detail})`;
    default:
      return error ?? 'unknown';
  }
}

/**
 * Tells the admin who set the check-ins up, by DM and once per round, which members Discord did not reach
 * and why. Best effort: a failure is logged and does not hold the round open.
 */
async function reportUndelivered(
  deps: CheckinRoundDeps,
  config: CheckinConfigRow,
  window: RoundWindow,
): Promise<void> {
  const failures = [
    ...(await listDeliveries(deps.db, config.guild_id, window.key, 'prompt', ['failed'])),
    ...(await listDeliveries(deps.db, config.guild_id, window.key, 'reminder', ['failed'])),
  ].map((d) => ({ userId: d.user_id, kind: d.kind, reason: failureReason(d.error, config.channel_id) }));
  if (failures.length === 0) return;
  const message = renderDeliveryReport({
    guildName: deps.guildName(config.guild_id),
    roundKey: window.key,
    failures,
  });
  try {
    const dm = await deps.messenger.openDm(config.updated_by);
    const sent =
      (await deps.messenger.findSent(dm, message)) ??
      (await deps.messenger.send(dm, message, messageNonce(config.guild_id, window.key, 'undelivered')));
    deps.logger.info(
      { guildId: config.guild_id, round: window.key, failures: failures.length, messageId: sent },
      'admin told about undelivered check-ins',
    );
  } catch (error) {
    deps.logger.warn(
      { err: error, guildId: config.guild_id, round: window.key, failures: failures.length },
      'could not tell the admin about undelivered check-ins',
    );
  }
}

/** Posts the summary of the round open now, without closing it. */
export async function postSummaryNow(
  deps: CheckinRoundDeps,
  config: CheckinConfigRow,
  now: Date,
): Promise<RoundSummary> {
  const { window = roundWindow(scheduleOf(config), now) } = await answerableRound(
    deps,
    config.guild_id,
    undefined,
    now,
  );
  const summary = await summarizeRound(deps.db, config.guild_id, window.key, now);
  await sendSummaryWithChart(
    deps,
    config.guild_id,
    config.channel_id,
    renderSummary(summary, { partial: true }),
    window.opensAt,
  );
  return summary;
}

async function deliverPending(
  deps: CheckinRoundDeps,
  config: CheckinConfigRow,
  window: RoundWindow,
  kind: DeliveryKind,
  now: Date,
): Promise<Omit<DeliveryReport, 'alreadyDone'>> {
  const open = await listDeliveries(deps.db, config.guild_id, window.key, kind, ['pending', 'sending']);
  const due = open.filter((d) => d.next_attempt_at === null || d.next_attempt_at <= now.getTime());
  let next = 0;
  const worker = async () => {
    while (next < due.length && !deps.shouldStop?.()) {
      const delivery = due[next++];
      if (delivery) await deliverOne(deps, config, window, delivery, now);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, due.length) }, worker));
  const all = await listDeliveries(deps.db, config.guild_id, window.key, kind);
  const count = (...states: string[]) => all.filter((d) => states.includes(d.state)).length;
  return {
    sent: count('sent'),
    skipped: count('skipped'),
    failed: count('failed'),
    pending: count('pending', 'sending'),
  };
}

async function deliverOne(
  deps: CheckinRoundDeps,
  config: CheckinConfigRow,
  window: RoundWindow,
  delivery: CheckinDeliveryRow,
  now: Date,
): Promise<void> {
  const { db, messenger, logger } = deps;
  const key = {
    guildId: config.guild_id,
    roundKey: window.key,
    userId: delivery.user_id,
    kind: delivery.kind,
  };
  const member = await getCheckinMember(db, config.guild_id, delivery.user_id);
  if (!member || member.active !== 1) {
    await updateDelivery(db, key, { state: 'skipped', error: 'left the check-ins' }, now);
    return;
  }
  const attempts = delivery.attempts + 1;
  // An earlier attempt may have reached Discord (a crash before it was recorded, an answer lost on the way):
  // then the member may already have it, and Discord forgets a nonce after a few minutes.
  const outcomeUnknown = delivery.attempts > 0;
  // Recorded before the attempt: a crash from here on is resumed with the same nonce.
  await updateDelivery(db, key, { state: 'sending', attempts }, now);
  const sendOnce = async (channelId: string, outgoing: OutgoingMessage) =>
    (outcomeUnknown ? await messenger.findSent(channelId, outgoing) : undefined) ??
    (await messenger.send(channelId, outgoing, nonce));
  const nonce = messageNonce(config.guild_id, window.key, delivery.user_id, delivery.kind);
  const message = (mention: boolean) =>
    renderPrompt({
      kind: delivery.kind,
      guildId: config.guild_id,
      guildName: deps.guildName(config.guild_id),
      window,
      ...(mention ? { mentionUserId: delivery.user_id } : {}),
    });
  const viaChannel = async () => {
    const id = await sendOnce(config.channel_id, message(true));
    await updateDelivery(
      db,
      key,
      { state: 'sent', via: 'channel', messageId: id, error: null, nextAttemptAt: null },
      now,
    );
  };
  try {
    // Someone who left the server is not prompted: a DM would still reach them through another server.
    if (!(await deps.presence.stillHere(config.guild_id, delivery.user_id, now))) {
      await updateDelivery(db, key, { state: 'skipped', error: 'left the server', nextAttemptAt: null }, now);
      return;
    }
    if (deliveryFor(config, member) === 'channel') return await viaChannel();
    let channelId = member.dm_channel_id;
    if (!channelId) {
      channelId = await messenger.openDm(delivery.user_id);
      await setDeliveryChannel({ db }, config.guild_id, delivery.user_id, { dmChannelId: channelId });
    }
    const id = await sendOnce(channelId, message(false));
    await updateDelivery(
      db,
      key,
      { state: 'sent', via: 'dm', messageId: id, error: null, nextAttemptAt: null },
      now,
    );
  } catch (error) {
    let failure = error instanceof SendError ? error : new SendError('retryable', String(error));
    if (failure.kind === 'dm-closed') {
      // Never retried as a DM: remember it and use the channel from now on.
      await setDeliveryChannel({ db }, config.guild_id, delivery.user_id, { dmClosed: true });
      try {
        return await viaChannel();
      } catch (channelError) {
        failure =
          channelError instanceof SendError ? channelError : new SendError('retryable', String(channelError));
      }
    } else if (failure.kind === 'unknown-channel' && member.dm_channel_id) {
      // The stored DM channel is gone; open a fresh one on the next attempt.
      await setDeliveryChannel({ db }, config.guild_id, delivery.user_id, { dmChannelId: null });
      failure = new SendError('retryable', failure.message);
    }
    const retry = shouldRetry(failure.kind, attempts);
    await updateDelivery(
      db,
      key,
      {
        state: retry ? 'pending' : 'failed',
        error: `${failure.kind}: ${failure.message}`.slice(0, 500),
        nextAttemptAt: retry ? now.getTime() + backoffMs(attempts) : null,
      },
      now,
    );
    logger.warn(
      {
        guildId: config.guild_id,
        userId: delivery.user_id,
        kind: delivery.kind,
        attempts,
        error: failure.message,
        retry,
      },
      'check-in delivery failed',
    );
  }
}
