import { getGroup, listGroupMembers } from '../db/repositories/interviews/groups.js';
import { listActiveInterviewMembers } from '../db/repositories/interviews/members.js';
import { listParticipation, listReports, saveReport } from '../db/repositories/interviews/reports.js';
import { getRound } from '../db/repositories/interviews/rounds.js';
import { isNoShow, type MeetingOutcome } from '../domain/interviews/no-show.js';
import { outcomeFor } from '../domain/interviews/rotation.js';
import type {
  GroupMember,
  InterviewGroup,
  InterviewMember,
  InterviewRound,
  ReportOutcome,
} from '../domain/interviews/types.js';
import { Refusal } from '../domain/refusal.js';
import type { InterviewDeps } from './interview-config.js';

/** Each member's outcomes over the rounds ended by `now` since they (re)joined, oldest first. */
export async function meetingHistories(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  members: ReadonlyArray<Pick<InterviewMember, 'userId' | 'joinedAt'>>,
  now: Date,
): Promise<Map<string, MeetingOutcome[]>> {
  const joinedAt = new Map(members.map((m) => [m.userId, m.joinedAt]));
  const rows = (
    await listParticipation(
      db,
      guildId,
      members.map((m) => m.userId),
      now.getTime(),
    )
  ).filter((row) => row.opensAt >= (joinedAt.get(row.userId) ?? 0) && row.state === 'posted');
  const reports = await listReports(db, [...new Set(rows.map((row) => row.groupId))]);
  const byGroup = new Map<number, typeof reports>();
  for (const report of reports) {
    const list = byGroup.get(report.groupId) ?? [];
    list.push(report);
    byGroup.set(report.groupId, list);
  }
  const histories = new Map<string, MeetingOutcome[]>();
  for (const row of rows) {
    const list = histories.get(row.userId) ?? [];
    list.push(outcomeFor(byGroup.get(row.groupId) ?? [], row.userId));
    histories.set(row.userId, list);
  }
  return histories;
}

/** Members of a just-closed round whom the no-show rule moves out of the pool. */
export async function noShowsAfter(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userIds: readonly string[],
  now: Date,
): Promise<string[]> {
  const wanted = new Set(userIds);
  const active = (await listActiveInterviewMembers(deps.db, guildId)).filter((m) => wanted.has(m.userId));
  const histories = await meetingHistories(deps, guildId, active, now);
  return active.filter((m) => isNoShow(histories.get(m.userId) ?? [])).map((m) => m.userId);
}

export interface GroupContext {
  group: InterviewGroup;
  round: InterviewRound;
  members: GroupMember[];
}

/** A group a button points at, refused when it is from another server or the presser is not in it. */
export async function groupFor(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  groupId: number,
  userId: string,
): Promise<GroupContext> {
  const group = await getGroup(db, groupId);
  const round = group ? await getRound(db, group.roundId) : undefined;
  if (!group || !round || group.guildId !== guildId) throw new Refusal({ code: 'interview-group-gone' });
  const members = await listGroupMembers(db, groupId);
  if (!members.some((m) => m.userId === userId)) throw new Refusal({ code: 'interview-not-in-group' });
  return { group, round, members };
}

/** Records "we met" or "we couldn't meet" for the presser; refused once the round has ended. */
export async function recordMeeting(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  groupId: number,
  userId: string,
  outcome: ReportOutcome,
  now: Date,
): Promise<GroupContext> {
  const context = await groupFor(deps, guildId, groupId, userId);
  if (context.round.closedAt !== null || context.round.closesAt <= now.getTime())
    throw new Refusal({ code: 'interview-round-ended' });
  await saveReport(deps.db, { guildId, groupId }, userId, outcome, now);
  return context;
}
