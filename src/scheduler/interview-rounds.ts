import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { listInterviewConfigs } from '../db/repositories/interviews/config.js';
import { markFeedbackDelivered } from '../db/repositories/interviews/feedback.js';
import { updateGroup } from '../db/repositories/interviews/groups.js';
import { markRound } from '../db/repositories/interviews/rounds.js';
import type { QuestionBank } from '../domain/questions/schema.js';
import { SINGLE_SHARD, servesGuild, type ShardScope } from '../domain/shards/shards.js';
import type { Messenger } from '../discord/messenger.js';
import type { MemberPresence } from '../discord/presence.js';
import type { ThreadApi } from '../discord/threads.js';
import type { Logger } from '../logger.js';
import { planInterviewGuild } from '../services/interview-rounds.js';
import { FeedbackPayloadSchema, planOwedFeedback } from '../services/interview-feedback-delivery.js';
import { WORK, type WorkQueue } from '../services/work.js';
import { closeRound, reportRound, sendFollowUp } from './interview-close.js';
import { deliverFeedbackDm } from './interview-feedback-dm.js';
import { advanceGroup, chainNextGroup, giveUpOnGroup, openRound } from './interview-groups.js';
import type { Job } from './scheduler.js';
import { defineWork, type WorkKind } from './work-engine.js';

/**
 * Interview rounds on the scheduler: the minute job that records what is due, and the work kinds the
 * engine runs (opening and groups in interview-groups.ts, follow-up, report and close in
 * interview-close.ts, feedback DMs in interview-feedback-dm.ts).
 */

export interface InterviewRoundDeps {
  db: Kysely<Database>;
  logger: Logger;
  messenger: Messenger;
  presence: Pick<MemberPresence, 'stillHere' | 'lookUp'>;
  questions: QuestionBank;
  threads: ThreadApi;
  work: WorkQueue;
  guildName(guildId: string): string;
  /** When true, stop planning: what is not recorded yet is planned by the next run. */
  shouldStop?(): boolean;
  /** The servers this process serves: those of the shards it is active for (default: all). */
  scope?: ShardScope;
}

/** Wakes once a minute to record what is due as work items; the work engine runs them. */
export function interviewJob(
  deps: Pick<InterviewRoundDeps, 'db' | 'logger' | 'work' | 'shouldStop' | 'scope'>,
): Job {
  return { name: 'interviews', cron: '* * * * *', run: (now) => runInterviewTick(deps, now) };
}

/** Plans whatever is due in every server; safe to call at any time, any number of times. */
export async function runInterviewTick(
  deps: Pick<InterviewRoundDeps, 'db' | 'logger' | 'work' | 'shouldStop' | 'scope'>,
  now: Date,
): Promise<void> {
  const scope = deps.scope ?? SINGLE_SHARD;
  for (const config of await listInterviewConfigs(deps.db)) {
    if (deps.shouldStop?.()) return;
    if (!servesGuild(scope, config.guildId)) continue;
    try {
      await planInterviewGuild(deps, config, now);
      await planOwedFeedback(deps, config.guildId, now);
    } catch (error) {
      deps.logger.error({ err: error, guildId: config.guildId }, 'interview round failed');
    }
  }
}

const RoundPayload = z.object({ guildId: z.string(), roundId: z.number().int() });
const GroupPayload = RoundPayload.extend({ groupId: z.number().int() });

/** The interview work the engine runs. */
export function interviewWork(deps: InterviewRoundDeps): WorkKind[] {
  return [
    defineWork({
      kind: WORK.interviewOpen,
      payload: z.object({ guildId: z.string(), cycleKey: z.string(), startedAt: z.number() }),
      run: (work) => openRound(deps, work.payload, work.now),
    }),
    defineWork({
      kind: WORK.interviewGroup,
      payload: GroupPayload,
      async run(work) {
        try {
          return await advanceGroup(deps, work.payload, work.now, work.outcomeUnknown);
        } finally {
          await chainNextGroup(deps, work.payload, work.now);
        }
      },
      onFailed: (work) => giveUpOnGroup(deps, work.payload, work.now),
    }),
    defineWork({
      kind: WORK.interviewFollowUp,
      payload: GroupPayload,
      run: (work) => sendFollowUp(deps, work.payload, work.now, work.outcomeUnknown),
      onFailed: (work) => updateGroup(deps.db, work.payload.groupId, { followUpState: 'failed' }, work.now),
    }),
    defineWork({
      kind: WORK.interviewReport,
      payload: RoundPayload,
      run: (work) => reportRound(deps, work.payload, work.now, work.outcomeUnknown),
      // Given up after the retries (logged by the engine): the round is not held open for it.
      onFailed: (work) => markRound(deps.db, work.payload.roundId, 'reportedAt', work.now),
    }),
    defineWork({
      kind: WORK.interviewClose,
      payload: RoundPayload,
      run: (work) => closeRound(deps, work.payload, work.now),
    }),
    defineWork({
      kind: WORK.interviewFeedback,
      payload: FeedbackPayloadSchema,
      run: (work) => deliverFeedbackDm(deps, work.payload, work.now, work.outcomeUnknown),
      onFailed: (work) =>
        markFeedbackDelivered(
          deps.db,
          work.payload.groupId,
          work.payload.giverId,
          work.payload.candidateId,
          'none',
        ),
    }),
  ];
}
