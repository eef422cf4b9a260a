import type { APIEmbed } from 'discord.js';
import { STAR_PARTS, type StarAverages } from '../../../domain/interviews/feedback.js';
import { FOCUS_MAX } from '../../../domain/interviews/inputs.js';
import { NO_SHOW_LIMIT } from '../../../domain/interviews/no-show.js';
import type { InterviewConfig, ReportOutcome } from '../../../domain/interviews/types.js';
import type { Question, QuestionBank } from '../../../domain/questions/schema.js';
import type { HistoryEntry, MemberHistory, MemberStatus } from '../../../services/interview-status.js';
import { timestamp } from '../format.js';
import {
  field,
  guideText,
  mention,
  oneLine,
  PART_NAMES,
  ratingsLine,
  roundLabel,
  scheduleLine,
} from '../interviews.js';
import { memberText } from '../member-text.js';
import { clip, Colors, FOOTER } from '../theme.js';

/** A member's own replies: joining, their status and history, a practice question. */

export function renderJoined(
  status: 'joined' | 'rejoined' | 'updated',
  member: { focus: string | null; level: string | null; timezone: string | null },
  config: InterviewConfig | undefined,
  nextRoundAt: Date | undefined,
): string {
  const prefs = [
    member.focus ? `focus **${memberText(member.focus)}**` : undefined,
    member.level ? `level **${member.level}**` : undefined,
    member.timezone ? `time zone **${member.timezone}**` : undefined,
  ].filter(Boolean);
  return [
    status === 'joined'
      ? '🎤 You joined the mock-interview pool. You stay in it, round after round, until you `/interview leave`.'
      : status === 'rejoined'
        ? '🎤 Welcome back to the mock-interview pool.'
        : '🎤 Your interview preferences are updated.',
    prefs.length ? `Pairing will consider your ${prefs.join(', ')}.` : undefined,
    config && nextRoundAt
      ? `Next round: ${timestamp(nextRoundAt)} (${timestamp(nextRoundAt, 'R')}). You will be added to a private thread with your partner.`
      : 'Rounds are not scheduled in this server yet; an admin sets them up with `/interview-admin setup`.',
    'Practise meanwhile with `/interview question`.',
  ]
    .filter(Boolean)
    .join('\n');
}

export function renderStatus(status: MemberStatus): APIEmbed {
  const { member, config } = status;
  const joined = member?.active === true;
  const state = joined
    ? member.skipNext
      ? 'In the pool, **skipping the next round**. `/interview join` takes the skip back.'
      : 'In the pool.'
    : member?.removedReason === 'no-show'
      ? 'Out of the pool: two rounds in a row went unmet without a word from you. Come back any time with `/interview join`.'
      : 'Not in the pool. Join with `/interview join`.';
  return {
    title: '🎤 Your mock interviews',
    description: [
      state,
      joined && (member.focus || member.level || member.timezone)
        ? `Preferences: ${[member.focus, member.level, member.timezone]
            .filter((p): p is string => Boolean(p))
            .map(memberText)
            .join(' · ')}`
        : undefined,
      status.current
        ? `Current round: with ${status.current.partnerIds.map(mention).join(', ') || 'nobody'}${status.current.threadId ? ` in <#${status.current.threadId}>` : ''}, until ${timestamp(status.current.closesAt, 'f')}.`
        : undefined,
      config && status.nextRoundAt
        ? `Next round: ${timestamp(status.nextRoundAt)} (${scheduleLine(config)}).`
        : 'Rounds are not scheduled in this server yet.',
      joined && status.missesInARow > 0
        ? `⚠️ Your last round went unmet without a word from you. After ${NO_SHOW_LIMIT - status.missesInARow} more like it in a row, you leave the pool.`
        : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
    color: Colors.brand,
  };
}

const OUTCOME_TEXT: Record<HistoryEntry['outcome'], string> = {
  met: '✅ met',
  missed: '❌ did not meet',
  unknown: '❔ no answer',
  'in-progress': '⏳ in progress',
  'not-started': '⚠️ thread not set up',
};

function averageLine(averagesOf: StarAverages): string {
  if (averagesOf.count === 0) return 'No feedback yet: it appears here after your first interview.';
  return `${STAR_PARTS.map((part) => `${PART_NAMES[part]} **${(averagesOf.averages[part] ?? 0).toFixed(1)}**`).join(' · ')}\nfrom ${averagesOf.count} feedback${averagesOf.count === 1 ? '' : 's'}`;
}

export function renderHistory(history: MemberHistory): APIEmbed {
  const rounds = history.rounds
    .slice(0, 15)
    .map(
      (r) =>
        `**${roundLabel(r.roundKey)}** — with ${r.partnerIds.map(mention).join(', ') || 'nobody'} · ${OUTCOME_TEXT[r.outcome]}`,
    );
  const feedback = history.feedback
    .slice(0, 4)
    .map(
      (f) =>
        `**${roundLabel(f.roundKey)}** from ${mention(f.giverId)} — ${ratingsLine(f)}\n✔️ ${memberText(clip(oneLine(f.strength), 150))}\n➡️ ${memberText(clip(oneLine(f.improve), 150))}`,
    );
  return {
    title: '📈 Your mock-interview history',
    description: 'Only you can see this.',
    color: Colors.brand,
    fields: [
      field('Average per STAR part', averageLine(history.averages)),
      field('Past partners', rounds.join('\n') || 'No rounds yet.'),
      field('Latest feedback you received', feedback.join('\n\n') || 'None yet.'),
    ],
    footer: { text: FOOTER },
  };
}

export function renderQuestion(question: Question, bank: QuestionBank): APIEmbed {
  const competency = bank.competencies.find((c) => c.id === question.competency);
  return {
    title: `🎯 Practice question · ${competency?.name ?? question.competency}`,
    description: [
      `**${oneLine(question.text)}**`,
      '',
      'Answer out loud in about two minutes, following STAR:',
      guideText(bank.starGuide),
    ].join('\n'),
    color: Colors.brand,
    fields: [
      field(
        'Follow-ups an interviewer might ask',
        question.followUps.map((f) => `• ${oneLine(f)}`).join('\n'),
      ),
      field('What a good answer shows', question.lookFor),
      field('Tips', bank.starGuide.tips.map((t) => `• ${t}`).join('\n')),
    ],
    footer: { text: `id: ${question.id} · another one: /interview question` },
  };
}

export function renderLeft(): string {
  return 'You left the mock-interview pool; you will not be paired again. A thread you are in now stays open. Come back any time with `/interview join`.';
}

/** `/interview skip`: whether this press set the skip or it was set already. */
export function renderSkipped(changed: boolean): string {
  return changed
    ? '⏭️ You will sit out the next round only, then be paired as usual. Changed your mind? `/interview join` takes the skip back.'
    : 'You are already skipping the next round. `/interview join` takes the skip back.';
}

/** The answer to **We met** or **Couldn't meet** in a group's thread. */
export function renderMeetingNoted(outcome: ReportOutcome): string {
  return outcome === 'met'
    ? '✅ Noted: you met. Now press **Give feedback** to rate the answers of the person you interviewed.'
    : '❌ Noted: your group could not meet this round. No worries; you will get a new partner next round.';
}

/**
 * `/interview join focus:` suggestions: the competencies matching what was typed and, first, the typed
 * text itself (free text stays possible) unless it is a competency's id.
 */
export function renderFocusChoices(
  typed: string,
  matches: ReadonlyArray<{ id: string; name: string }>,
): Array<{ name: string; value: string }> {
  const text = typed.trim();
  const own =
    text && !matches.some((m) => m.id === text.toLowerCase())
      ? [{ name: clip(text, FOCUS_MAX), value: clip(text, FOCUS_MAX) }]
      : [];
  return [...own, ...matches.map((c) => ({ name: c.name, value: c.id }))].slice(0, 25);
}
