import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { listAnswers, listRoundFacts } from '../db/repositories/checkin-answers.js';
import {
  ensureRound,
  hasPendingDeliveries,
  listDeliveries,
  listRounds,
  markRoundPhase,
  planDeliveries,
} from '../db/repositories/checkin-rounds.js';
import { getCheckinMember, listActiveCheckinMembers } from '../db/repositories/checkins.js';
import { enqueueWork, getWorkItem } from '../db/repositories/work-items.js';
import { memberHistories } from '../domain/checkins/history.js';
import type { RoundWindow } from '../domain/checkins/schedule.js';
import { buildRoundSummary, type RoundSummary } from '../domain/checkins/summary.js';
import { isPaused, type CheckinConfig, type DeliveryKind } from '../domain/checkins/types.js';
import type { Logger } from '../logger.js';
import { answerableRound, currentRound, requireConfig } from './checkins.js';
import { FIRST_IN_LINE, waitUntil, WORK, workKey, type WorkQueue } from './work.js';

/**
 * Planning of check-in rounds: what is owed to whom, recorded as delivery rows (the outcome summaries,
 * streaks and exports read) together with one work item per message, in one transaction. The work
 * engine sends them (src/scheduler/checkin-rounds.ts registers the handlers).
 */
export interface CheckinPlanDeps {
  db: Kysely<Database>;
  logger: Logger;
  work: Pick<WorkQueue, 'kick'>;
}

export type CheckinDeliveryPayload = {
  guildId: string;
  roundKey: string;
  userId: string;
  kind: DeliveryKind;
};

const deliveryKind = (kind: DeliveryKind) => (kind === 'prompt' ? WORK.checkinPrompt : WORK.checkinReminder);

export function deliveryKey(guildId: string, roundKey: string, kind: DeliveryKind, userId: string): string {
  return workKey(deliveryKind(kind), guildId, roundKey, userId);
}

/** Records the deliveries of `plan` and a work item for every delivery of that kind still owed. */
async function recordDeliveries(
  deps: CheckinPlanDeps,
  guildId: string,
  roundKey: string,
  kind: DeliveryKind,
  plan: ReadonlyArray<{ userId: string; state: 'pending' | 'skipped' }>,
  now: Date,
): Promise<number> {
  const owed = await deps.db.transaction().execute(async (trx) => {
    await planDeliveries(trx, guildId, roundKey, kind, plan, now);
    const pending = await listDeliveries(trx, guildId, roundKey, kind, ['pending']);
    // Existing items are kept as they are (idempotent): only deliveries never handed over get one.
    await enqueueWork(
      trx,
      pending.map((d) => ({
        key: deliveryKey(guildId, roundKey, kind, d.userId),
        kind: deliveryKind(kind),
        guildId,
        userId: d.userId,
        payload: { guildId, roundKey, userId: d.userId, kind } satisfies CheckinDeliveryPayload,
      })),
      now.getTime(),
    );
    return pending.length;
  });
  if (owed > 0) deps.work.kick();
  return owed;
}

/**
 * Marks the round's prompt (or reminder) phase finished once no delivery of that kind is owed. Called by
 * planning and by each delivery as it settles; the first to see none owed records the time.
 */
export async function settlePhaseIfDone(
  db: Kysely<Database>,
  guildId: string,
  roundKey: string,
  kind: DeliveryKind,
  at: Date,
): Promise<void> {
  if (await hasPendingDeliveries(db, guildId, roundKey, kind)) return;
  await markRoundPhase(db, guildId, roundKey, kind === 'prompt' ? 'open' : 'remind', at);
}

/** Prompts every opted-in member once (members on a break are recorded as skipped). */
export async function planOpen(
  deps: CheckinPlanDeps,
  config: CheckinConfig,
  window: RoundWindow,
  now: Date,
): Promise<void> {
  await ensureRound(deps.db, { guildId: config.guildId, window, channelId: config.channelId });
  const members = await listActiveCheckinMembers(deps.db, config.guildId);
  const plan = members.map((m) => ({
    userId: m.userId,
    state: isPaused(m, now) ? ('skipped' as const) : ('pending' as const),
  }));
  const owed = await recordDeliveries(deps, config.guildId, window.key, 'prompt', plan, now);
  if (owed === 0) await settlePhaseIfDone(deps.db, config.guildId, window.key, 'prompt', now);
}

/** One reminder per round, only to prompted members who have not answered. */
export async function planRemind(
  deps: CheckinPlanDeps,
  config: CheckinConfig,
  window: RoundWindow,
  now: Date,
): Promise<void> {
  const { db } = deps;
  const prompted = await listDeliveries(db, config.guildId, window.key, 'prompt', ['sent']);
  const answered = new Set((await listAnswers(db, config.guildId, window.key)).map((a) => a.userId));
  const plan: Array<{ userId: string; state: 'pending' | 'skipped' }> = [];
  for (const delivery of prompted) {
    if (answered.has(delivery.userId)) continue;
    const member = await getCheckinMember(db, config.guildId, delivery.userId);
    if (!member || !member.active) continue;
    plan.push({ userId: delivery.userId, state: isPaused(member, now) ? 'skipped' : 'pending' });
  }
  const owed = await recordDeliveries(deps, config.guildId, window.key, 'reminder', plan, now);
  if (owed === 0) await settlePhaseIfDone(db, config.guildId, window.key, 'reminder', now);
}

export type CheckinSummaryPayload = { guildId: string; roundKey: string; postSummary: boolean };

/** Closes the round through one work item: owed deliveries given up, the summary posted once. */
export async function planClose(
  deps: CheckinPlanDeps,
  config: CheckinConfig,
  window: RoundWindow,
  now: Date,
  options: { postSummary: boolean },
): Promise<void> {
  const inserted = await enqueueWork(
    deps.db,
    [
      {
        key: workKey(WORK.checkinSummary, config.guildId, window.key),
        kind: WORK.checkinSummary,
        guildId: config.guildId,
        payload: {
          guildId: config.guildId,
          roundKey: window.key,
          postSummary: options.postSummary,
        } satisfies CheckinSummaryPayload,
      },
    ],
    now.getTime(),
  );
  if (inserted.length > 0) deps.work.kick();
}

export interface DeliveryReport {
  sent: number;
  skipped: number;
  failed: number;
  pending: number;
  alreadyDone: boolean;
}

async function promptCounts(
  db: Kysely<Database>,
  guildId: string,
  roundKey: string,
): Promise<Omit<DeliveryReport, 'alreadyDone'>> {
  const all = await listDeliveries(db, guildId, roundKey, 'prompt');
  const count = (state: string) => all.filter((d) => d.state === state).length;
  return {
    sent: count('sent'),
    skipped: count('skipped'),
    failed: count('failed'),
    pending: count('pending'),
  };
}

/**
 * `/checkin-admin send-now`: starts this week's round now (or carries on one interrupted), and waits a
 * bounded time for the prompts so the reply can tell how it went. Never sends anything twice.
 */
export async function sendRoundNow(
  deps: CheckinPlanDeps,
  guildId: string,
  now: Date,
  waitMs = 10_000,
): Promise<DeliveryReport> {
  const { config, window } = await currentRound(deps, guildId, now);
  const before = await listDeliveries(deps.db, guildId, window.key, 'prompt');
  await planOpen(deps, config, window, now);
  await waitUntil(async () => !(await hasPendingDeliveries(deps.db, guildId, window.key, 'prompt')), waitMs);
  return {
    ...(await promptCounts(deps.db, guildId, window.key)),
    alreadyDone: before.length > 0 && before.every((d) => d.state !== 'pending'),
  };
}

export async function summarizeRound(
  db: Kysely<Database>,
  guildId: string,
  roundKey: string,
  now: Date,
): Promise<RoundSummary> {
  const rounds = await listRounds(db, guildId);
  const closed = new Set(
    rounds
      .filter((r) => r.window.closesAt.getTime() <= now.getTime() || r.window.key === roundKey)
      .map((r) => r.window.key),
  );
  const { prompts, answers: given } = await listRoundFacts(db, guildId);
  const histories = memberHistories(prompts, given, closed);
  const answers = new Map((await listAnswers(db, guildId, roundKey)).map((a) => [a.userId, a.answer]));
  return buildRoundSummary(
    roundKey,
    [...histories].map(([memberId, history]) => ({
      memberId,
      history,
      answer: answers.get(memberId) ?? null,
    })),
  );
}

export type CheckinSummaryNowPayload = { guildId: string; roundKey: string; opensAt: number; at: number };

/**
 * `/checkin-admin summary`: the summary of the round open now, posted without closing it. Returns the
 * summary and whether it is in the channel yet (a transient failure is retried by the engine), or the
 * channel refused it.
 */
export async function postSummaryNow(
  deps: CheckinPlanDeps,
  guildId: string,
  now: Date,
  waitMs = 10_000,
): Promise<{ summary: RoundSummary; config: CheckinConfig; posted: 'posted' | 'later' | 'forbidden' }> {
  const config = await requireConfig(deps, guildId);
  const { window } = await answerableRound(deps, guildId, undefined, now);
  const roundKey = window?.key ?? (await currentRound(deps, guildId, now)).window.key;
  const opensAt = window?.opensAt ?? (await currentRound(deps, guildId, now)).window.opensAt;
  const summary = await summarizeRound(deps.db, guildId, roundKey, now);
  const key = workKey(WORK.checkinSummaryNow, guildId, roundKey, now.getTime());
  await enqueueWork(
    deps.db,
    [
      {
        key,
        kind: WORK.checkinSummaryNow,
        guildId,
        dueAt: FIRST_IN_LINE,
        payload: {
          guildId,
          roundKey,
          opensAt: opensAt.getTime(),
          at: now.getTime(),
        } satisfies CheckinSummaryNowPayload,
      },
    ],
    now.getTime(),
  );
  deps.work.kick();
  const finished = (state: string | undefined) =>
    state === 'done' || state === 'failed' || state === 'cancelled';
  await waitUntil(async () => finished((await getWorkItem(deps.db, key))?.state), waitMs);
  const item = await getWorkItem(deps.db, key);
  const posted =
    item?.state === 'done'
      ? 'posted'
      : item?.state === 'failed' && (item.error ?? '').startsWith('forbidden')
        ? 'forbidden'
        : 'later';
  return { summary, config, posted };
}

export type WelcomeDelivery = 'dm' | 'dm-closed' | 'later';
export type CheckinWelcomePayload = { guildId: string; userId: string };

/**
 * `/checkin join`: a test DM, so the member learns at once whether prompts can reach them. Sent by the
 * work engine (retried if Discord fails for a moment); waits a bounded time to tell the member.
 */
export async function sendWelcomeDm(
  deps: CheckinPlanDeps,
  guildId: string,
  userId: string,
  now: Date,
  waitMs = 8_000,
): Promise<WelcomeDelivery> {
  const key = workKey(WORK.checkinWelcome, guildId, userId, now.getTime());
  await enqueueWork(
    deps.db,
    [
      {
        key,
        kind: WORK.checkinWelcome,
        guildId,
        userId,
        dueAt: FIRST_IN_LINE,
        payload: { guildId, userId } satisfies CheckinWelcomePayload,
      },
    ],
    now.getTime(),
  );
  deps.work.kick();
  const outcome = async (): Promise<WelcomeDelivery | undefined> => {
    const item = await getWorkItem(deps.db, key);
    if (item?.state === 'done') {
      const result = z.object({ delivery: z.string() }).safeParse(JSON.parse(item.result ?? 'null'));
      return result.success && result.data.delivery === 'dm-closed' ? 'dm-closed' : 'dm';
    }
    if (!item || item.state === 'failed' || item.state === 'cancelled') return 'later';
    return item.state === 'pending' && item.attempts > 0 ? 'later' : undefined;
  };
  await waitUntil(async () => (await outcome()) !== undefined, waitMs);
  return (await outcome()) ?? 'later';
}
