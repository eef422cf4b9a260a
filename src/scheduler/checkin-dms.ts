import { listDeliveries } from '../db/repositories/checkin-rounds.js';
import { getCheckinConfig } from '../db/repositories/checkins.js';
import { NOBODY } from '../db/repositories/member-data.js';
import { SendError } from '../discord/messenger.js';
import { renderDeliveryReport, renderWelcomeDm } from '../discord/render/checkins.js';
import { setDeliveryChannel } from '../services/checkins.js';
import type { CheckinRoundDeps } from './checkin-rounds.js';
import { messageNonce, sendOnce } from './retry.js';
import type { WorkOutcome } from './work-engine.js';

/** The test DM of `/checkin join`; closed DMs are remembered, so prompts use the channel instead. */
export async function sendWelcome(
  deps: CheckinRoundDeps,
  payload: { guildId: string; userId: string },
  key: string,
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const { guildId, userId } = payload;
  try {
    const channelId = await deps.messenger.openDm(userId);
    const message = renderWelcomeDm(deps.guildName(guildId));
    const id = await sendOnce(deps.messenger, channelId, message, messageNonce(key), outcomeUnknown);
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
export async function reportUndelivered(
  deps: CheckinRoundDeps,
  payload: { guildId: string; roundKey: string },
  outcomeUnknown: boolean,
): Promise<WorkOutcome> {
  const { guildId, roundKey } = payload;
  const config = await getCheckinConfig(deps.db, guildId);
  if (!config || config.updatedBy === NOBODY) return { outcome: 'skipped', reason: 'no admin to tell' };
  const failures = [
    ...(await listDeliveries(deps.db, guildId, roundKey, 'prompt', ['failed'])),
    ...(await listDeliveries(deps.db, guildId, roundKey, 'reminder', ['failed'])),
  ].map((d) => ({ userId: d.userId, kind: d.kind, reason: failureReason(d.error, config.channelId) }));
  if (failures.length === 0) return { outcome: 'skipped', reason: 'nothing failed' };
  const message = renderDeliveryReport({ guildName: deps.guildName(guildId), roundKey, failures });
  const dm = await deps.messenger.openDm(config.updatedBy);
  const sent = await sendOnce(
    deps.messenger,
    dm,
    message,
    messageNonce(guildId, roundKey, 'undelivered'),
    outcomeUnknown,
  );
  deps.logger.info(
    { guildId, round: roundKey, failures: failures.length, messageId: sent },
    'admin told about undelivered check-ins',
  );
  return { outcome: 'done', result: { messageId: sent } };
}
