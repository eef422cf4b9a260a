import type { CheckinAnswer } from './answer.js';
import { computeStreaks } from './streaks.js';
import type { RoundRecord } from './streaks.js';

export interface SummaryMemberInput {
  readonly memberId: string;
  /** Oldest first, including the summarised round; later rounds are ignored. */
  readonly history: readonly RoundRecord[];
  /** The member's answer for the summarised round, if they answered. */
  readonly answer?: CheckinAnswer | null;
}

export interface SummaryOptions {
  readonly leaderLimit?: number;
  readonly quietThreshold?: number;
}

export interface RoundSummary {
  readonly roundKey: string;
  readonly checkedIn: number;
  /** Members in the round who were not paused. */
  readonly expected: number;
  readonly paused: number;
  /** Members whose prompt never reached them: neither expected nor quiet. */
  readonly undelivered: number;
  readonly goals: readonly { readonly memberId: string; readonly goal: string }[];
  readonly blockers: readonly { readonly memberId: string; readonly blockers: string }[];
  readonly streakLeaders: readonly {
    readonly memberId: string;
    readonly current: number;
    readonly best: number;
  }[];
  readonly quietMembers: readonly { readonly memberId: string; readonly quietRounds: number }[];
  readonly jobSearch: {
    readonly applications: number;
    readonly interviews: number;
    /** Answers that filled in at least one of the two numbers. */
    readonly reporting: number;
  };
}

export const DEFAULT_LEADER_LIMIT = 5;
export const DEFAULT_QUIET_THRESHOLD = 2;

function historyUpTo(history: readonly RoundRecord[], roundKey: string): readonly RoundRecord[] | undefined {
  const index = history.findIndex((record) => record.roundKey === roundKey);
  return index === -1 ? undefined : history.slice(0, index + 1);
}

/**
 * Plain, platform-neutral summary of a closed round. Members without a record for the round (joined later)
 * are left out; members paused in the round, or whose prompt never reached them, are neither expected nor
 * listed as quiet.
 */
export function buildRoundSummary(
  roundKey: string,
  members: readonly SummaryMemberInput[],
  options: SummaryOptions = {},
): RoundSummary {
  const leaderLimit = options.leaderLimit ?? DEFAULT_LEADER_LIMIT;
  const quietThreshold = options.quietThreshold ?? DEFAULT_QUIET_THRESHOLD;

  let checkedIn = 0;
  let expected = 0;
  let paused = 0;
  let undelivered = 0;
  const goals: { memberId: string; goal: string }[] = [];
  const blockers: { memberId: string; blockers: string }[] = [];
  const leaders: { memberId: string; current: number; best: number }[] = [];
  const quietMembers: { memberId: string; quietRounds: number }[] = [];
  const jobSearch = { applications: 0, interviews: 0, reporting: 0 };

  for (const member of members) {
    const history = historyUpTo(member.history, roundKey);
    const status = history?.at(-1)?.status;
    if (history === undefined || status === undefined) continue;
    const streaks = computeStreaks(history);
    if (streaks.current > 0)
      leaders.push({ memberId: member.memberId, current: streaks.current, best: streaks.best });

    if (status === 'paused') {
      paused += 1;
      continue;
    }
    if (status === 'undelivered') {
      undelivered += 1;
      continue;
    }
    expected += 1;
    if (status === 'missed') {
      if (streaks.quietRounds >= quietThreshold) {
        quietMembers.push({ memberId: member.memberId, quietRounds: streaks.quietRounds });
      }
      continue;
    }

    checkedIn += 1;
    const answer = member.answer;
    if (answer === undefined || answer === null) continue;
    goals.push({ memberId: member.memberId, goal: answer.nextGoal });
    if (answer.blockers !== null) blockers.push({ memberId: member.memberId, blockers: answer.blockers });
    if (answer.applications !== null || answer.interviews !== null) jobSearch.reporting += 1;
    jobSearch.applications += answer.applications ?? 0;
    jobSearch.interviews += answer.interviews ?? 0;
  }

  const byId = (a: { memberId: string }, b: { memberId: string }): number =>
    a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0;
  leaders.sort((a, b) => b.current - a.current || b.best - a.best || byId(a, b));
  quietMembers.sort((a, b) => b.quietRounds - a.quietRounds || byId(a, b));

  return {
    roundKey,
    checkedIn,
    expected,
    paused,
    undelivered,
    goals,
    blockers,
    streakLeaders: leaders.slice(0, leaderLimit),
    quietMembers,
    jobSearch,
  };
}
