import { ButtonStyle } from 'discord.js';
import { namesMemberOnly, type MemberExport, type PrivacyTable } from '../../services/privacy.js';
import { privacyIds } from '../custom-ids.js';
import { button, row, type MessageRow } from './components.js';
import { memberText } from './member-text.js';

/** Plain words for each kind of row, so members know what "their data" means. */
const LABELS: Record<PrivacyTable, [singular: string, plural: string]> = {
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
  work_item: ['message queued or sent to you', 'messages queued or sent to you'],
  checkin_config: ['check-in schedule you last changed', 'check-in schedules you last changed'],
  interview_config: ['interview schedule you last changed', 'interview schedules you last changed'],
  interview_round: ['interview round you sat out', 'interview rounds you sat out'],
};

function list(counts: ReadonlyArray<[PrivacyTable, number]>): string {
  const parts = counts.filter(([, n]) => n > 0).map(([table, n]) => `${n} ${LABELS[table][n === 1 ? 0 : 1]}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

export function describeHoldings(data: MemberExport): string {
  return list(Object.entries(data).map(([table, rows]) => [table as PrivacyTable, rows.length]));
}

/** "3 roadmap steps, 1 check-in answer; your name was removed from 1 check-in schedule you last changed" */
export function describeDeletion(counts: Record<PrivacyTable, number>): string {
  const entries = Object.entries(counts) as Array<[PrivacyTable, number]>;
  const deleted = list(entries.filter(([table]) => !namesMemberOnly(table)));
  const unnamed = entries.filter(([table, n]) => namesMemberOnly(table) && n > 0);
  return unnamed.length ? `${deleted}; your name was removed from ${list(unnamed)}` : deleted;
}

const where = (guildId: string | null) => (guildId ? 'in this server' : 'in every server');

/** `/privacy export`: the JSON file, one server's rows in a server, one entry per server from a DM. */
export function renderExport(
  user: { id: string; username: string },
  guildId: string | null,
  servers: ReadonlyArray<{ id: string; name: string; data: MemberExport }>,
  holdings: MemberExport,
  now: Date,
): { content: string; files: Array<{ attachment: Buffer; name: string }> } {
  const head = {
    exportedAt: now.toISOString(),
    user: { id: user.id, username: user.username },
    note: `Everything Stepwise stores about you ${where(guildId)}. Timestamps are milliseconds since 1970 (UTC).`,
  };
  const [only] = servers;
  const file =
    guildId && only
      ? { ...head, server: { id: only.id, name: only.name }, data: only.data }
      : { ...head, servers };
  return {
    content: `📦 Your Stepwise data ${where(guildId)}: ${describeHoldings(holdings)}.`,
    files: [
      {
        attachment: Buffer.from(JSON.stringify(file, null, 2)),
        name: `stepwise-${guildId ?? 'all-servers'}-${user.id}.json`,
      },
    ],
  };
}

/** `/privacy delete` asks first: what goes, from which servers, and two buttons only the member can press. */
export function renderDeletePrompt(
  userId: string,
  guildId: string | null,
  servers: ReadonlyArray<{ name: string }>,
  holdings: MemberExport,
): { content: string; components: MessageRow[] } {
  const names = guildId ? [] : servers.map((s) => `**${memberText(s.name)}**`);
  return {
    content: [
      `⚠️ This deletes **everything** Stepwise keeps about you ${where(guildId)}: ${describeHoldings(holdings)}.`,
      names.length ? `Servers: ${names.join(', ')}.` : undefined,
      'It cannot be undone. `/privacy export` first if you want a copy.',
    ]
      .filter(Boolean)
      .join('\n'),
    components: [
      row(
        button(privacyIds.confirmDeletion.build(userId), 'Delete all my data', {
          style: ButtonStyle.Danger,
          emoji: '🗑️',
        }),
        button(privacyIds.cancelDeletion.build(userId), 'Cancel'),
      ),
    ],
  };
}

export function renderDeleted(counts: Record<PrivacyTable, number>): { content: string; components: [] } {
  return { content: `🗑️ Done. Deleted ${describeDeletion(counts)}.`, components: [] };
}

export const DELETION_CANCELLED = { content: 'Cancelled: nothing was deleted.', components: [] as [] };
