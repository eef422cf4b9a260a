import type { Kysely } from 'kysely';
import type { MeetingReport, Participation, ReportOutcome } from '../../../domain/interviews/types.js';
import type { Database } from '../../database.js';
import type { InterviewReportRow } from '../../tables/interviews.js';

type Db = Kysely<Database>;

function rowToMeetingReport(row: InterviewReportRow): MeetingReport {
  return {
    groupId: row.group_id,
    guildId: row.guild_id,
    userId: row.user_id,
    outcome: row.outcome,
    updatedAt: row.updated_at,
  };
}

/** Records a member's "did you meet?" answer; a later answer replaces the earlier one. */
export async function saveReport(
  db: Db,
  key: { guildId: string; groupId: number },
  userId: string,
  outcome: ReportOutcome,
  at: Date,
  options: { keepExisting?: boolean } = {},
): Promise<void> {
  await db
    .insertInto('interview_report')
    .values({
      group_id: key.groupId,
      guild_id: key.guildId,
      user_id: userId,
      outcome,
      updated_at: at.getTime(),
    })
    .onConflict((oc) => {
      const conflict = oc.columns(['group_id', 'user_id']);
      return options.keepExisting
        ? conflict.doNothing()
        : conflict.doUpdateSet({ outcome, updated_at: at.getTime() });
    })
    .execute();
}

/** Records "we met" from feedback only when the member has not answered the meeting question themselves. */
export async function saveReportIfMissing(
  db: Db,
  key: { guildId: string; groupId: number },
  userId: string,
  outcome: ReportOutcome,
  at: Date,
): Promise<void> {
  await saveReport(db, key, userId, outcome, at, { keepExisting: true });
}

export async function listReports(db: Db, groupIds: readonly number[]): Promise<MeetingReport[]> {
  if (groupIds.length === 0) return [];
  const out: MeetingReport[] = [];
  for (let i = 0; i < groupIds.length; i += 500) {
    const rows = await db
      .selectFrom('interview_report')
      .selectAll()
      .where('group_id', 'in', groupIds.slice(i, i + 500))
      .execute();
    out.push(...rows.map(rowToMeetingReport));
  }
  return out;
}

/**
 * Every round that had ended by `endedBy` (closed, or past its end and about to be) each member took part
 * in, oldest first, with the group they were in: the input of the no-show rule.
 */
export async function listParticipation(
  db: Db,
  guildId: string,
  userIds: readonly string[],
  endedBy: number,
): Promise<Participation[]> {
  if (userIds.length === 0) return [];
  const out: Participation[] = [];
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('interview_group_member as gm')
      .innerJoin('interview_group as g', 'g.id', 'gm.group_id')
      .innerJoin('interview_round as r', 'r.id', 'gm.round_id')
      .select(['gm.user_id', 'gm.group_id', 'gm.round_id', 'r.opens_at', 'g.state'])
      .where('gm.guild_id', '=', guildId)
      .where('gm.user_id', 'in', userIds.slice(i, i + 500))
      .where((eb) => eb.or([eb('r.closed_at', 'is not', null), eb('r.closes_at', '<=', endedBy)]))
      .execute();
    out.push(
      ...rows.map((row) => ({
        userId: row.user_id,
        groupId: row.group_id,
        roundId: row.round_id,
        opensAt: row.opens_at,
        state: row.state,
      })),
    );
  }
  return out.sort((a, b) => a.roundId - b.roundId);
}
