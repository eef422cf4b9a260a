import type { Question } from '../questions/schema.js';
import { followUpTime } from './schedule.js';
import type { NewRoundPlan } from './types.js';

/** The groups of a round as planned from the pool, before anything is written or sent. */
export interface PlannedRound {
  key: string;
  seed: number;
  /** Each group in rotation order: member i interviews member i + 1, the last interviews the first. */
  groups: Array<Array<{ userId: string; questions: Question[] }>>;
  satOut: string | undefined;
  skipped: string[];
  /** Pool members found to have left the server: not paired. */
  departed: string[];
  repeats: number;
  poolSize: number;
}

/** What `createRound` writes for a plan: the round, its groups with their question ids, the skips used. */
export function toNewRound(
  plan: PlannedRound,
  guildId: string,
  channelId: string,
  window: { opensAt: Date; closesAt: Date },
  now: Date,
): NewRoundPlan {
  return {
    round: {
      guildId,
      key: plan.key,
      channelId,
      seed: plan.seed,
      opensAt: window.opensAt.getTime(),
      followUpAt: followUpTime(window.opensAt, window.closesAt).getTime(),
      closesAt: window.closesAt.getTime(),
      createdAt: now.getTime(),
      satOutUserId: plan.satOut ?? null,
      skippedCount: plan.skipped.length,
    },
    groups: plan.groups.map((group) =>
      group.map((m) => ({ userId: m.userId, questionIds: m.questions.map((q) => q.id) })),
    ),
    skipped: plan.skipped,
  };
}
