import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { listRounds, updateDelivery } from '../db/repositories/checkin-rounds.js';
import { listCheckinConfigs } from '../db/repositories/checkins.js';
import { duePhases } from '../domain/checkins/phases.js';
import type { CheckinConfig } from '../domain/checkins/types.js';
import { SINGLE_SHARD, servesGuild, type ShardScope } from '../domain/shards/shards.js';
import type { Messenger } from '../discord/messenger.js';
import type { MemberPresence } from '../discord/presence.js';
import type { Logger } from '../logger.js';
import type { ChartRenderer } from '../render/charts/renderer.js';
import {
  planClose,
  planOpen,
  planRemind,
  settlePhaseIfDone,
  type CheckinDeliveryPayload,
} from '../services/checkin-rounds.js';
import { WORK, type WorkQueue } from '../services/work.js';
import { closeRound, finishClose, postPartialSummary } from './checkin-close.js';
import { deliver } from './checkin-delivery.js';
import { reportUndelivered, sendWelcome } from './checkin-dms.js';
import type { Job } from './scheduler.js';
import { defineWork, type WorkKind } from './work-engine.js';

/**
 * Check-in rounds on the scheduler: the minute tick that plans what is due, and the work kinds the engine
 * runs for it. The handlers live by job: checkin-delivery.ts (prompts and reminders), checkin-close.ts
 * (closing and summaries), checkin-dms.ts (the welcome DM and the admin's report).
 */
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

async function planGuildPhases(deps: CheckinRoundDeps, config: CheckinConfig, now: Date): Promise<void> {
  // Every round that started is carried on by its own row, however it started (tick, send-now, catch-up).
  const started = await listRounds(deps.db, config.guildId);
  for (const due of duePhases(config.schedule, started, now, { activeSince: config.activeSince })) {
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
