import type { MemberExport, MemberTable } from '../../db/repositories/member-data.js';

/** Plain words for each kind of row, so members know what "their data" means. */
const LABELS: Record<MemberTable, [singular: string, plural: string]> = {
  member_profile: ['profile (language track, sharing setting)', 'profiles'],
  step_progress: ['roadmap step', 'roadmap steps'],
  checkin_member: ['check-in membership', 'check-in memberships'],
  checkin_delivery: ['check-in message record', 'check-in message records'],
  checkin_answer: ['check-in answer', 'check-in answers'],
  interview_member: ['interview pool membership', 'interview pool memberships'],
  interview_group_member: ['interview pairing', 'interview pairings'],
  interview_pair: ['interview pair (who interviewed whom)', 'interview pairs (who interviewed whom)'],
  interview_asked_question: ['interview question asked', 'interview questions asked'],
  interview_report: ['"did you meet?" answer', '"did you meet?" answers'],
  interview_feedback: [
    'interview feedback (given or received)',
    'interview feedback notes (given or received)',
  ],
  member_departure: ['record that you left the server', 'records that you left a server'],
};

function list(counts: ReadonlyArray<[MemberTable, number]>): string {
  const parts = counts.filter(([, n]) => n > 0).map(([table, n]) => `${n} ${LABELS[table][n === 1 ? 0 : 1]}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

export function describeHoldings(data: MemberExport): string {
  return list(Object.entries(data).map(([table, rows]) => [table as MemberTable, rows.length]));
}

export function describeDeletion(counts: Record<MemberTable, number>): string {
  return list(Object.entries(counts) as Array<[MemberTable, number]>);
}
