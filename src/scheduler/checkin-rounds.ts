import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import {
  getDelivery,
  getRound,
  giveUpOwedDeliveries,
  listDeliveries,
  listRounds,
  markRoundPhase,
  updateDelivery,
} from '../db/repositories/checkin-rounds.js';
import { getCheckinConfig, getCheckinMember, listCheckinConfigs } from '../db/repositories/checkins.js';
import { cancelWork, enqueueWork } from '../db/repositories/work-items.js';
import { duePhases } from '../domain/checkins/phases.js';
import { deliveryFor, type CheckinConfig, type DeliveryKind } from '../domain/checkins/types.js';
import { SINGLE_SHARD, servesGuild, type ShardScope } from '../domain/shards/shards.js';
import type { Messenger, OutgoingMessage } from '../discord/messenger.js';
import type { MemberPresence } from '../discord/presence.js';
import { SendError } from '../discord/messenger.js';
import {
  renderDeliveryReport,
  renderPrompt,
  renderSummary,
  renderWelcomeDm,
} from '../discord/render/checkins.js';
import type { Logger } from '../logger.js';
import type { ChartRenderer } from '../render/charts/renderer.js';
import {
  planClose,
  planOpen,
  planRemind,
  settlePhaseIfDone,
  summarizeRound,
  type CheckinDeliveryPayload,
} from '../services/checkin-rounds.js';
import { setDeliveryChannel } from '../services/checkins.js';
import { WORK, workKey, type WorkQueue } from '../services/work.js';
import { messageNonce } from './retry.js';
import type { Job } from './scheduler.js';
import { sendSummaryWithChart } from './summary-chart.js';
import { defineWork, type WorkKind, type WorkOutcome } from './work-engine.js';

export interface CheckinRoundDeps {
  db: Kysely<Database>;
  logger: Logger;
  messenger: Messenger;
  presence: Pick<MemberPresence, 'stillHere'>;
  guildName(guildId: string): string;
  /** Draws the participation chart the summary attaches. */
  charts?: ChartRenderer;
  work: WorkQueue;
  /** When true, stop planning: what is not recorded yet is planned by the next run. */
  shouldStop?(): boolean;
  /** The servers this process serves (default: all). */
  scope?: ShardScope;
}

/**
 * Wakes once a minute to plan what is due (prompts, the reminder, the close) as work items; the work
 * engine sends them.
 */
export function checkinJob(deps: CheckinRoundDeps): Job {
  return { name: 'checkins', cron: '* * * * *', run: (now) => runCheckinTick(deps, now) };
}

/** Plans every phase that is due in every server; safe to call at any time, any number of times. */
export async function runCheckinTick(deps: CheckinRoundDeps, now: Date): Promise<void> {
  const scope = deps.scope ?? SINGLE_SHARD;
  for (const config of await listCheckinConfigs(deps.db)) {
    if (deps.shouldStop?.()) return;
    if (!servesGuild(scope, config.guildId)) continue;
    try {
      await planGuildPhases(deps, config, now);
    } catch (error) {
      deps.logger.error({ err: error, guildId: config.guildId }, 'check-in round failed');
    }
  }
}

const msOrNull = (at: Date | null) => (at === null ? null : at.getTime());

async function planGuildPhases(deps: CheckinRoundDeps, config: CheckinConfig, now: Date): Promise<void> {
  // Every round that started is carried on by its own row, however it started (tick, send-now, catch-up).
  const started = (await listRounds(deps.db, config.guildId)).map((round) => ({
    window: round.window,
    openedAt: msOrNull(round.openedAt),
    remindedAt: msOrNull(round.remindedAt),
    closedAt: msOrNull(round.closedAt),
  }));
  const activeSince = config.activeSince.getTime();
  for (const due of duePhases(config.schedule, started, now, { activeSince })) {
    deps.logger.info(
      { guildId: config.guildId, round: due.roundKey, phase: due.phase },
      'check-in phase due',
    );
    if (due.phase === 'open') await planOpen(deps, config, due.window, now);
    else if (due.phase === 'remind') await planRemind(deps, config, due.window, now);
    else await planClose(deps, config, due.window, now, { postSummary: !due.stale });
  }
}

/** The check-in work the engine runs: prompts and reminders, summaries, the admin's undelivered report. */
export function checkinWork(deps: CheckinRoundDeps): WorkKind[] {
  const delivery = (kind: string) =>
    defineWork<CheckinDeliveryPayload>({
      kind,
      payload: z.object({
        guildId: z.string(),
        roundKey: z.string(),
        userId: z.string(),
        kind: z.enum(['prompt', 'reminder']),
      }),
      run: (work) => deliver(deps, work.payload, work.now, work.outcomeUnknown),
      async onFailed(work, failure) {
        const { guildId, roundKey, userId, kind: deliveryKind } = work.payload;
        await updateDelivery(
          deps.db,
          { guildId, roundKey, userId, kind: deliveryKind },
          { state: 'failed', error: `${failure.kind}: ${failure.message}`.slice(0, 500) },
          work.now,
        );
        await settlePhaseIfDone(deps.db, guildId, roundKey, deliveryKind, work.now);
      },
    });
  return [
    delivery(WORK.checkinPrompt),
    delivery(WORK.checkinReminder),
    defineWork({
      kind: WORK.checkinSummary,
      payload: z.object({ guildId: z.string(), roundKey: z.string(), postSummary: z.boolean() }),
      run: (work) => closeRound(deps, work.payload, work.now, work.outcomeUnknown),
      // The summary could not be posted (after retries, or refused): the round closes all the same.
      onFailed: (work) => finishClose(deps, work.payload.guildId, work.payload.roundKey, work.now),
    }),
    defineWork({
      kind: WORK.checkinSummaryNow,
      payload: z.object({
        guildId: z.string(),
        roundKey: z.string(),
        opensAt: z.number(),
        at: z.number(),
      }),
      run: (work) => postPartialSummary(deps, work.payload),
    }),
    defineWork({
      kind: WORK.checkinWelcome,
      payload: z.object({ guildId: z.string(), userId: z.string() }),
      run: (work) => sendWelcome(deps, work.payload, work.key, work.outcomeUnknown),
    }),
    defineWork({
      kind: WORK.checkinUndelivered,
      payload: z.object({ guildId: z.string(), roundKey: z.string() }),
      run: (work) => reportUndelivered(deps, work.payload, work.outcomeUnknown),
    }),
  ];
}

/** Sends one prompt or reminder and records its outcome on the delivery row. */
async function deliver(
  deps: CheckinRoundDeps,
  payload: CheckinDeliveryPayload,
  now: Date,
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const { db, messenger } = deps;
  const { guildId, roundKey, userId, kind } = payload;
  const key = { guildId, roundKey, userId, kind };
  const settle = async (
    changes: Parameters<typeof updateDelivery>[2],
    outcome: WorkOutcome,
  ): Promise<WorkOutcome> => {
    await updateDelivery(db, key, changes, now);
    await settlePhaseIfDone(db, guildId, roundKey, kind, now);
    return outcome;
  };
  const [config, round, member, delivery] = await Promise.all([
    getCheckinConfig(db, guildId),
    getRound(db, guildId, roundKey),
    getCheckinMember(db, guildId, userId),
    getDelivery(db, key),
  ]);
  if (!config || !round || round.closedAt !== null || delivery?.state !== 'pending')
    return { outcome: 'skipped', reason: 'no longer owed' };
  if (!member || !member.active)
    return settle(
      { state: 'skipped', error: 'left the check-ins' },
      { outcome: 'skipped', reason: 'left the check-ins' },
    );
  const { window } = round;
  const nonce = messageNonce(guildId, roundKey, userId, kind);
  // An earlier attempt may have reached Discord (a crash before it was recorded, an answer lost on the way):
  // then the member may already have it, and Discord forgets a nonce after a few minutes.
  const sendOnce = async (channelId: string, outgoing: OutgoingMessage) =>
    (outcomeUnknown ? await messenger.findSent(channelId, outgoing) : undefined) ??
    (await messenger.send(channelId, outgoing, nonce));
  const message = (mention: boolean) =>
    renderPrompt({
      kind,
      guildId,
      guildName: deps.guildName(guildId),
      window,
      ...(mention ? { mentionUserId: userId } : {}),
    });
  const viaChannel = async () => {
    const id = await sendOnce(config.channelId, message(true));
    return settle(
      { state: 'sent', via: 'channel', messageId: id, error: null },
      { outcome: 'done', result: { messageId: id, via: 'channel' } },
    );
  };
  try {
    // Someone who left the server is not prompted: a DM would still reach them through another server.
    if (!(await deps.presence.stillHere(guildId, userId, now)))
      return settle(
        { state: 'skipped', error: 'left the server' },
        { outcome: 'skipped', reason: 'left the server' },
      );
    if (deliveryFor(config, member) === 'channel') return await viaChannel();
    let channelId = member.dmChannelId;
    if (!channelId) {
      channelId = await messenger.openDm(userId);
      await setDeliveryChannel({ db }, guildId, userId, { dmChannelId: channelId });
    }
    const id = await sendOnce(channelId, message(false));
    return settle(
      { state: 'sent', via: 'dm', messageId: id, error: null },
      { outcome: 'done', result: { messageId: id, via: 'dm' } },
    );
  } catch (error) {
    let failure = error instanceof SendError ? error : new SendError('retryable', String(error));
    if (failure.kind === 'dm-closed') {
      // Never retried as a DM: remember it and use the channel from now on.
      await setDeliveryChannel({ db }, guildId, userId, { dmClosed: true });
      try {
        return await viaChannel();
      } catch (channelError) {
        failure =
          channelError instanceof SendError ? channelError : new SendError('retryable', String(channelError));
      }
    } else if (failure.kind === 'unknown-channel' && member.dmChannelId) {
      // The stored DM channel is gone; open a fresh one on the next attempt.
      await setDeliveryChannel({ db }, guildId, userId, { dmChannelId: null });
      failure = new SendError('retryable', failure.message);
    }
    return { outcome: 'retry', failure };
  }
}

/**
 * Gives up on deliveries still owed (those members are not counted as missed), then posts the summary
 * once. A failed post is retried by the engine; after a crash it is looked for before it is sent again.
 */
async function closeRound(
  deps: CheckinRoundDeps,
  payload: { guildId: string; roundKey: string; postSummary: boolean },
  now: Date,
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const { guildId, roundKey } = payload;
  const [config, round] = await Promise.all([
    getCheckinConfig(deps.db, guildId),
    getRound(deps.db, guildId, roundKey),
  ]);
  if (!round || round.closedAt !== null) return { outcome: 'skipped', reason: 'round already closed' };
  const reason = 'not delivered before the round closed';
  for (const kind of ['prompt', 'reminder'] as const) {
    const given = await giveUpOwedDeliveries(deps.db, guildId, roundKey, kind, reason, now);
    await cancelWork(
      deps.db,
      { guildId, keyPrefix: `${workKey(deliveryKindOf(kind), guildId, roundKey)}:` },
      reason,
      now.getTime(),
    );
    if (given > 0) deps.logger.warn({ guildId, round: roundKey, kind, count: given }, reason);
  }
  if (!payload.postSummary || !config) {
    deps.logger.info({ guildId, round: roundKey }, 'stale round closed without a summary');
    await markRoundPhase(deps.db, guildId, roundKey, 'close', now);
    return { outcome: 'skipped', reason: 'stale round' };
  }
  const summary = await summarizeRound(deps.db, guildId, roundKey, now);
  const message = renderSummary(summary, { partial: false });
  const posted =
    (outcomeUnknown ? await deps.messenger.findSent(config.channelId, message) : undefined) ??
    (await sendSummaryWithChart(
      deps,
      guildId,
      config.channelId,
      message,
      round.window.opensAt,
      messageNonce(guildId, roundKey, 'summary'),
    ));
  deps.logger.info({ guildId, round: roundKey, messageId: posted }, 'summary posted');
  await finishClose(deps, guildId, roundKey, now);
  return { outcome: 'done', result: { messageId: posted } };
}

function deliveryKindOf(kind: DeliveryKind) {
  return kind === 'prompt' ? WORK.checkinPrompt : WORK.checkinReminder;
}

/** The round is closed; the admin is told (by a work item of its own) about deliveries that failed. */
async function finishClose(
  deps: CheckinRoundDeps,
  guildId: string,
  roundKey: string,
  now: Date,
): Promise<void> {
  const failed = [
    ...(await listDeliveries(deps.db, guildId, roundKey, 'prompt', ['failed'])),
    ...(await listDeliveries(deps.db, guildId, roundKey, 'reminder', ['failed'])),
  ];
  await deps.db.transaction().execute(async (trx) => {
    if (failed.length > 0)
      await enqueueWork(
        trx,
        [
          {
            key: workKey(WORK.checkinUndelivered, guildId, roundKey),
            kind: WORK.checkinUndelivered,
            guildId,
            payload: { guildId, roundKey },
          },
        ],
        now.getTime(),
      );
    await markRoundPhase(trx, guildId, roundKey, 'close', now);
  });
  if (failed.length > 0) deps.work.kick();
}

async function postPartialSummary(
  deps: CheckinRoundDeps,
  payload: { guildId: string; roundKey: string; opensAt: number; at: number },
): Promise<WorkOutcome> {
  const config = await getCheckinConfig(deps.db, payload.guildId);
  if (!config) return { outcome: 'skipped', reason: 'check-ins were turned off' };
  const summary = await summarizeRound(deps.db, payload.guildId, payload.roundKey, new Date(payload.at));
  const id = await sendSummaryWithChart(
    deps,
    payload.guildId,
    config.channelId,
    renderSummary(summary, { partial: true }),
    new Date(payload.opensAt),
    messageNonce(payload.guildId, payload.roundKey, 'summary-now', payload.at),
  );
  return { outcome: 'done', result: { messageId: id } };
}

/** The test DM of `/checkin join`; closed DMs are remembered, so prompts use the channel instead. */
async function sendWelcome(
  deps: CheckinRoundDeps,
  payload: { guildId: string; userId: string },
  key: string,
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const { guildId, userId } = payload;
  try {
    const channelId = await deps.messenger.openDm(userId);
    const message = renderWelcomeDm(deps.guildName(guildId));
    const id =
      (outcomeUnknown ? await deps.messenger.findSent(channelId, message) : undefined) ??
      (await deps.messenger.send(channelId, message, messageNonce(key)));
    await setDeliveryChannel(deps, guildId, userId, { dmChannelId: channelId, dmClosed: false });
    return { outcome: 'done', result: { delivery: 'dm', messageId: id } };
  } catch (error) {
    const failure = error instanceof SendError ? error : new SendError('retryable', String(error));
    if (failure.kind !== 'dm-closed') return { outcome: 'retry', failure };
    await setDeliveryChannel(deps, guildId, userId, { dmClosed: true });
    return { outcome: 'done', result: { delivery: 'dm-closed' } };
  }
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
 * and why. Best effort: after the retries it is given up (logged) and never holds the round open.
 */
async function reportUndelivered(
  deps: CheckinRoundDeps,
  payload: { guildId: string; roundKey: string },
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const { guildId, roundKey } = payload;
  const config = await getCheckinConfig(deps.db, guildId);
  if (!config || config.updatedBy === '') return { outcome: 'skipped', reason: 'no admin to tell' };
  const failures = [
    ...(await listDeliveries(deps.db, guildId, roundKey, 'prompt', ['failed'])),
    ...(await listDeliveries(deps.db, guildId, roundKey, 'reminder', ['failed'])),
  ].map((d) => ({ userId: d.userId, kind: d.kind, reason: failureReason(d.error, config.channelId) }));
  if (failures.length === 0) return { outcome: 'skipped', reason: 'nothing failed' };
  const message = renderDeliveryReport({ guildName: deps.guildName(guildId), roundKey, failures });
  const dm = await deps.messenger.openDm(config.updatedBy);
  const sent =
    (outcomeUnknown ? await deps.messenger.findSent(dm, message) : undefined) ??
    (await deps.messenger.send(dm, message, messageNonce(guildId, roundKey, 'undelivered')));
  deps.logger.info(
    { guildId, round: roundKey, failures: failures.length, messageId: sent },
    'admin told about undelivered check-ins',
  );
  return { outcome: 'done', result: { messageId: sent } };
}
