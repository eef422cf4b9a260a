import { getDelivery, getRound, updateDelivery } from '../db/repositories/checkin-rounds.js';
import { getCheckinConfig, getCheckinMember } from '../db/repositories/checkins.js';
import { deliveryFor } from '../domain/checkins/types.js';
import { SendError } from '../discord/messenger.js';
import { renderPrompt } from '../discord/render/checkins.js';
import { settlePhaseIfDone, type CheckinDeliveryPayload } from '../services/checkin-rounds.js';
import { setDeliveryChannel } from '../services/checkins.js';
import type { CheckinRoundDeps } from './checkin-rounds.js';
import { messageNonce, sendOnce } from './retry.js';
import type { WorkOutcome } from './work-engine.js';

/** Sends one prompt or reminder and records its outcome on the delivery row. */
export async function deliver(
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
  const message = (mention: boolean) =>
    renderPrompt({
      kind,
      guildId,
      guildName: deps.guildName(guildId),
      window,
      ...(mention ? { mentionUserId: userId } : {}),
    });
  const viaChannel = async () => {
    const id = await sendOnce(messenger, config.channelId, message(true), nonce, outcomeUnknown);
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
    const id = await sendOnce(messenger, channelId, message(false), nonce, outcomeUnknown);
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
