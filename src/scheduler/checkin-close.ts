import {
  getRound,
  giveUpOwedDeliveries,
  listDeliveries,
  markRoundPhase,
} from '../db/repositories/checkin-rounds.js';
import { getCheckinConfig } from '../db/repositories/checkins.js';
import { cancelWork, enqueueWork } from '../db/repositories/work-items.js';
import type { DeliveryKind } from '../domain/checkins/types.js';
import { renderSummary } from '../discord/render/checkins.js';
import { summarizeRound } from '../services/checkin-rounds.js';
import { WORK, workKey } from '../services/work.js';
import type { CheckinRoundDeps } from './checkin-rounds.js';
import { messageNonce } from './retry.js';
import { sendSummaryWithChart } from './summary-chart.js';
import type { WorkOutcome } from './work-engine.js';

/**
 * Gives up on deliveries still owed (those members are not counted as missed), then posts the summary
 * once. A failed post is retried by the engine; after a crash it is looked for before it is sent again.
 */
export async function closeRound(
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
export async function finishClose(
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

export async function postPartialSummary(
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
