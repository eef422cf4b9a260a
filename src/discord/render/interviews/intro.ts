import { ButtonStyle, type APIEmbed } from 'discord.js';
import type { Question, StarGuide } from '../../../domain/questions/schema.js';
import { interviewIds } from '../../custom-ids.js';
import type { OutgoingMessage } from '../../messenger.js';
import { button, row, type MessageRow } from '../components.js';
import { timestamp } from '../format.js';
import { field, guideText, mention, oneLine, roundLabel, rotationLines } from '../interviews.js';
import { Colors } from '../theme.js';

/** What a group's private thread gets: the introduction with its buttons, and the mid-round nudge. */

function groupButtons(groupId: number): MessageRow[] {
  return [
    row(
      button(interviewIds.met.build(groupId), 'We met', { style: ButtonStyle.Success, emoji: '✅' }),
      button(interviewIds.missed.build(groupId), "Couldn't meet", { style: ButtonStyle.Danger, emoji: '❌' }),
    ),
    row(
      button(interviewIds.feedback.build(groupId), 'Give feedback', {
        style: ButtonStyle.Primary,
        emoji: '📝',
      }),
      button(interviewIds.notes.build(groupId), 'My interviewer notes', { emoji: '📋' }),
      button(interviewIds.myFeedback.build(groupId), 'See my feedback', { emoji: '📬' }),
    ),
  ];
}

export interface IntroInput {
  groupId: number;
  roundKey: string;
  closesAt: number;
  guide: StarGuide;
  /** In rotation order. */
  members: ReadonlyArray<{ userId: string; added: boolean; questions: readonly Question[] }>;
}

/**
 * The message opening a group's thread: who interviews whom, the questions (as spoilers, so candidates
 * are not tempted to prepare answers), the STAR guide and the buttons.
 */
export function renderIntro(input: IntroInput): OutgoingMessage {
  const ids = input.members.map((m) => m.userId);
  const present = input.members.filter((m) => m.added).map((m) => m.userId);
  const missing = input.members.filter((m) => !m.added).map((m) => m.userId);
  // Numbered like "Who interviews whom": in interview k, member k interviews member k + 1, so candidate k
  // is the one interviewed in line k (a trio must not read "1. A interviews B" beside "candidate 1: A").
  const questionFields = input.members.map((interviewerEntry, i) => {
    const candidate = input.members[(i + 1) % input.members.length] ?? interviewerEntry;
    const interviewer = interviewerEntry.userId;
    const lines = candidate.questions.map((q, n) => `${n + 1}. ||${oneLine(q.text)}||`);
    return field(
      `Questions for candidate ${i + 1}`,
      `${mention(interviewer)} asks ${mention(candidate.userId)}:\n${lines.join('\n') || 'No question this time: pick one with `/interview question`.'}`,
    );
  });
  const embed: APIEmbed = {
    title: `🎤 Mock interview · round of ${roundLabel(input.roundKey)}`,
    description: [
      `Find 45–60 minutes together before ${timestamp(input.closesAt)} (${timestamp(input.closesAt, 'R')}): a voice call, a video call, or here in writing.`,
      '',
      '**Who interviews whom**',
      ...rotationLines(ids),
      '',
      'Each candidate gets the two questions below (spoilers: candidates, do not peek). Interviewers, press **My interviewer notes** for follow-up questions and what to listen for. Leave a few minutes after each interview for spoken feedback.',
      '',
      'Afterwards, press **We met** (or **Couldn’t meet**), then **Give feedback** to rate the STAR answers of the person you interviewed. Written feedback goes to them alone.',
      missing.length > 0
        ? `\n⚠️ ${missing.map(mention).join(', ')} could not be added to this thread (they may have left the server). The admins have been told.`
        : undefined,
    ]
      .filter((line) => line !== undefined)
      .join('\n'),
    color: Colors.brand,
    fields: [...questionFields, field(`⭐ ${input.guide.title}`, guideText(input.guide))],
    footer: { text: 'Skip a round with /interview skip · leave with /interview leave' },
  };
  return {
    content: `${present.map(mention).join(' ')} — you are paired for this round's mock interview!`,
    pingUsers: present,
    embeds: [embed],
    components: groupButtons(input.groupId),
  };
}

/** The single mid-round nudge to a group that has not said whether it met. */
export function renderFollowUp(input: { groupId: number; memberIds: readonly string[]; closesAt: number }) {
  const message: OutgoingMessage = {
    content: `${input.memberIds.map(mention).join(' ')} — halfway through the round: have you found a time for your mock interview? The round ends ${timestamp(input.closesAt, 'R')}. Let us know how it went:`,
    pingUsers: [...input.memberIds],
    components: [
      row(
        button(interviewIds.met.build(input.groupId), 'We met', {
          style: ButtonStyle.Success,
          emoji: '✅',
        }),
        button(interviewIds.missed.build(input.groupId), "Couldn't meet", {
          style: ButtonStyle.Danger,
          emoji: '❌',
        }),
      ),
    ],
  };
  return message;
}
