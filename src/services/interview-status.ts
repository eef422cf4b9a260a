import { getInterviewConfig } from '../db/repositories/interviews/config.js';
import { listFeedbackReceived } from '../db/repositories/interviews/feedback.js';
import {
  listGroupMembers,
  listMemberGroups,
  listMembersOfGroups,
} from '../db/repositories/interviews/groups.js';
import { getInterviewMember } from '../db/repositories/interviews/members.js';
import { listReports } from '../db/repositories/interviews/reports.js';
import { getRoundByKey } from '../db/repositories/interviews/rounds.js';
import { interviewCounts } from '../db/repositories/interviews/stats.js';
import { averages, type StarAverages } from '../domain/interviews/feedback.js';
import { trailingMisses, type MeetingOutcome } from '../domain/interviews/no-show.js';
import { outcomeFor } from '../domain/interviews/rotation.js';
import { cycleAt, nextRoundAt, scheduleOf } from '../domain/interviews/schedule.js';
import type {
  InterviewConfig,
  InterviewCounts,
  InterviewMember,
  ReceivedFeedback,
} from '../domain/interviews/types.js';
import type { InterviewDeps } from './interview-config.js';
import { meetingHistories } from './interview-meetings.js';

/**
 * What a member and the admins see of the interviews: a member's status and history, the server's
 * figures.
 */

export interface MemberStatus {
  member: InterviewMember | undefined;
  config: InterviewConfig | undefined;
  nextRoundAt: Date | undefined;
  current:
    | { roundKey: string; closesAt: number; threadId: string | null; partnerIds: string[]; state: string }
    | undefined;
  missesInARow: number;
}

export async function memberStatus(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
  now: Date,
): Promise<MemberStatus> {
  const [member, config] = await Promise.all([
    getInterviewMember(deps.db, guildId, userId),
    getInterviewConfig(deps.db, guildId),
  ]);
  let nextAt: Date | undefined;
  if (config) {
    const cycle = cycleAt(scheduleOf(config), config.anchorKey, now);
    nextAt = nextRoundAt(config, (await getRoundByKey(deps.db, guildId, cycle.key)) !== undefined, now);
  }
  const [latest] = await listMemberGroups(deps.db, guildId, userId, 1);
  let current: MemberStatus['current'];
  if (latest && latest.closedAt === null) {
    const members = await listGroupMembers(deps.db, latest.groupId);
    current = {
      roundKey: latest.roundKey,
      closesAt: latest.closesAt,
      threadId: latest.threadId,
      partnerIds: members.map((m) => m.userId).filter((id) => id !== userId),
      state: latest.state,
    };
  }
  const history = member?.active
    ? ((await meetingHistories(deps, guildId, [member], now)).get(userId) ?? [])
    : [];
  return { member, config, nextRoundAt: nextAt, current, missesInARow: trailingMisses(history) };
}

export interface HistoryEntry {
  roundKey: string;
  partnerIds: string[];
  outcome: MeetingOutcome | 'in-progress' | 'not-started';
  threadId: string | null;
}

export interface MemberHistory {
  rounds: HistoryEntry[];
  feedback: ReceivedFeedback[];
  averages: StarAverages;
}

/** Past partners, the feedback the member received and their average per STAR part. */
export async function memberHistory(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
): Promise<MemberHistory> {
  const groups = await listMemberGroups(deps.db, guildId, userId, 25);
  const members = await listMembersOfGroups(
    deps.db,
    groups.map((g) => g.groupId),
  );
  const reports = await listReports(
    deps.db,
    groups.map((g) => g.groupId),
  );
  const rounds: HistoryEntry[] = groups.map((g) => ({
    roundKey: g.roundKey,
    partnerIds: members.filter((m) => m.groupId === g.groupId && m.userId !== userId).map((m) => m.userId),
    outcome:
      g.state !== 'posted'
        ? 'not-started'
        : g.closedAt === null
          ? 'in-progress'
          : outcomeFor(
              reports.filter((r) => r.groupId === g.groupId),
              userId,
            ),
    threadId: g.threadId,
  }));
  const feedback = await listFeedbackReceived(deps.db, guildId, userId);
  return { rounds, feedback, averages: averages(feedback) };
}

export interface InterviewStats extends InterviewCounts {
  /** Share of finished groups that reported meeting, or null before any round finished. */
  meetingRate: number | null;
}

export async function interviewStats(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
): Promise<InterviewStats> {
  const counts = await interviewCounts(deps.db, guildId);
  return {
    ...counts,
    meetingRate: counts.finishedGroups === 0 ? null : counts.finishedGroupsMet / counts.finishedGroups,
  };
}
