import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIEmbed,
  type APIEmbedField,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import type { Feedback, InterviewConfig } from '../../domain/interviews/types.js';
import { STAR_PARTS, type StarAverages, type StarPart } from '../../domain/interviews/feedback.js';
import { NO_SHOW_LIMIT } from '../../domain/interviews/no-show.js';
import type { Question, QuestionBank, StarGuide } from '../../domain/questions/schema.js';
import type { PlannedRound } from '../../domain/interviews/round-plan.js';
import type {
  HistoryEntry,
  InterviewStats,
  MemberHistory,
  MemberStatus,
} from '../../services/interview-status.js';
import { interviewIds } from '../custom-ids.js';
import type { FeedbackDelivery } from '../../services/interview-rounds.js';
import type { OutgoingMessage } from '../messenger.js';
import { button, row, type MessageRow } from './components.js';
import { memberText } from './member-text.js';
import { capitalize, timestamp } from './format.js';
import { clip, Colors, FOOTER } from './theme.js';

const mention = (id: string) => `<@${id}>`;
const field = (name: string, value: string, inline = false): APIEmbedField => ({
  name: clip(name, 256),
  value: clip(value || '—', 1024),
  inline,
});
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

const PART_NAMES: Record<StarPart, string> = {
  situation: 'Situation',
  task: 'Task',
  action: 'Action',
  result: 'Result',
};

/**
 * Built once: `toLocaleDateString` builds a new formatter on every call (about half a millisecond, paid on
 * the event loop for each message of a round).
 */
const DAY_MONTH_YEAR = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "20 Nov 2026" for a round key (the local date the round opened). */
export function roundLabel(roundKey: string): string {
  const date = new Date(`${roundKey}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? roundKey : DAY_MONTH_YEAR.format(date);
}

/** "S4 T3 A5 R4"-style line. */
export function ratingsLine(ratings: Record<StarPart, number>): string {
  return STAR_PARTS.map((part) => `${PART_NAMES[part]} **${ratings[part]}**/5`).join(' · ');
}

export function cadenceLabel(cadence: InterviewConfig['cadence']): string {
  return cadence === 'weekly' ? 'every week' : 'every two weeks';
}

export function scheduleLine(
  config: Pick<InterviewConfig, 'cadence' | 'weekday' | 'time' | 'timezone'>,
): string {
  return `${cadenceLabel(config.cadence)} on ${capitalize(config.weekday)} at ${config.time} (${config.timezone})`;
}

function guideText(guide: StarGuide): string {
  return guide.parts.map((part) => `**${part.letter} — ${part.name}:** ${part.description}`).join('\n');
}

/** Member i interviews member i + 1: "A interviews B, then B interviews A" (or the trio's rotation). */
export function rotationLines(memberIds: readonly string[]): string[] {
  if (memberIds.length === 2) {
    const [a, b] = memberIds as [string, string];
    return [
      `1. ${mention(a)} interviews ${mention(b)} first.`,
      `2. Halfway through, swap: ${mention(b)} interviews ${mention(a)}.`,
    ];
  }
  return memberIds.map(
    (id, i) => `${i + 1}. ${mention(id)} interviews ${mention(memberIds[(i + 1) % memberIds.length] ?? id)}.`,
  );
}

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

export function renderRoundReport(input: {
  guildName: string;
  roundKey: string;
  channelId: string;
  problems: readonly string[];
}): OutgoingMessage {
  return {
    embeds: [
      {
        title: `⚠️ Mock interviews · round of ${roundLabel(input.roundKey)}: some groups need a hand`,
        description: clip(
          [
            `In **${memberText(clip(input.guildName, 100))}**, Discord refused part of this round in <#${input.channelId}>. The other groups went ahead.`,
            '',
            ...input.problems.map((p) => `• ${p}`),
            '',
            'Check the bot’s permissions there (View Channel, Send Messages, Create Private Threads, Send Messages in Threads), or pair the people concerned by hand.',
          ].join('\n'),
          4096,
        ),
        color: Colors.warning,
        footer: { text: FOOTER },
      },
    ],
  };
}

/**
 * What the interview channel sees when the admin's DMs are closed: that there is something to look at,
 * and how much, never who (the pairs are private).
 */
export function renderRoundReportNote(input: {
  adminId: string;
  roundKey: string;
  problems: number;
}): OutgoingMessage {
  return {
    content: `<@${input.adminId}>, Discord refused part of the mock-interview round of ${roundLabel(input.roundKey)} (${input.problems} problem${input.problems === 1 ? '' : 's'}); the other groups went ahead. The details name members, so they go by DM only, and your DMs are closed: allow DMs from this server to get the next report. \`/interview-admin stats\` shows the counts.`,
    pingUsers: [input.adminId],
  };
}

export function renderNoShowDm(guildName: string): OutgoingMessage {
  return {
    embeds: [
      {
        title: '👋 You are out of the mock-interview pool for now',
        description: `In **${memberText(clip(guildName, 100))}**, your partners said you could not meet in two rounds in a row, and we did not hear from you. To keep rounds fair for everyone, you will not be paired again until you come back with \`/interview join\`. See you soon!`,
        color: Colors.neutral,
      },
    ],
  };
}

/**
 * Feedback form. Discord allows five inputs in a modal and STAR feedback needs six values, so the four
 * ratings share one short input ("4 3 5 4"), checked like separate fields.
 */
export function renderFeedbackModal(
  groupId: number,
  candidateName: string,
  existing: Feedback | undefined,
): APIModalInteractionResponseCallbackData {
  const text = (
    customId: string,
    label: string,
    options: { paragraph: boolean; max: number; value?: string; placeholder: string; description?: string },
  ) => ({
    type: ComponentType.Label as const,
    label: clip(label, 45),
    ...(options.description ? { description: clip(options.description, 100) } : {}),
    component: {
      type: ComponentType.TextInput as const,
      custom_id: customId,
      style: options.paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short,
      required: true,
      max_length: options.max,
      placeholder: clip(options.placeholder, 100),
      ...(options.value ? { value: clip(options.value, options.max) } : {}),
    },
  });
  return {
    custom_id: interviewIds.submitFeedback.build(groupId),
    title: clip(`Feedback for ${candidateName}`, 45),
    components: [
      text('ratings', 'STAR ratings, 1 to 5: S T A R', {
        paragraph: false,
        max: 20,
        placeholder: 'e.g. 4 3 5 4',
        description: 'Situation, Task, Action, Result. 1 = missing, 3 = clear, 5 = excellent.',
        ...(existing
          ? { value: `${existing.situation} ${existing.task} ${existing.action} ${existing.result}` }
          : {}),
      }),
      text('strength', 'One thing that went well', {
        paragraph: true,
        max: 500,
        placeholder: 'Your result was concrete: "cut build time from 20 to 5 minutes".',
        ...(existing ? { value: existing.strength } : {}),
      }),
      text('improve', 'One thing to improve', {
        paragraph: true,
        max: 500,
        placeholder: 'Say "I" more in the Action part: what did you do yourself?',
        ...(existing ? { value: existing.improve } : {}),
      }),
    ],
  };
}

function feedbackFields(feedback: Feedback): APIEmbedField[] {
  return [
    field('STAR ratings', ratingsLine(feedback)),
    field('What went well', memberText(feedback.strength)),
    field('What to improve', memberText(feedback.improve)),
  ];
}

/** The feedback as its candidate receives it, by DM: never in the thread or a channel. */
export function renderFeedbackDm(input: {
  guildName: string;
  roundKey: string;
  feedback: Feedback;
  updated: boolean;
}): OutgoingMessage {
  return {
    embeds: [
      {
        title: input.updated
          ? '📝 Your mock-interview feedback was updated'
          : '📝 Mock-interview feedback for you',
        description: `From ${mention(input.feedback.giverId)}, who interviewed you in **${memberText(clip(input.guildName, 100))}** (round of ${roundLabel(input.roundKey)}). Only you can see this.`,
        color: Colors.brand,
        fields: feedbackFields(input.feedback),
        footer: { text: 'All your feedback and averages: /interview history' },
      },
    ],
  };
}

export function renderMyFeedback(feedback: readonly Feedback[]): {
  content?: string;
  embeds: APIEmbed[];
} {
  if (feedback.length === 0)
    return {
      content:
        'No feedback for you in this group yet. It appears here (and in your DMs) once your interviewer sends it.',
      embeds: [],
    };
  return {
    embeds: feedback.slice(0, 3).map((f) => ({
      title: '📬 Feedback you received',
      description: `From ${mention(f.giverId)}. Only you can see this.`,
      color: Colors.brand,
      fields: feedbackFields(f),
    })),
  };
}

function strongAnswerText(q: Question): string {
  const { situation, task, action, result } = q.strongAnswer;
  return [
    `**S** ${oneLine(situation)}`,
    `**T** ${oneLine(task)}`,
    `**A** ${oneLine(action)}`,
    `**R** ${oneLine(result)}`,
    `🚩 Red flags: ${q.redFlags.map(oneLine).join(' · ')}`,
  ].join('\n');
}

export function renderInterviewerNotes(candidateId: string, questions: readonly Question[]): APIEmbed {
  return {
    title: '📋 Your interviewer notes',
    description: `You interview ${mention(candidateId)}. Ask one question at a time, let them finish, then dig in with a follow-up. Only you can see this.`,
    color: Colors.brand,
    fields: questions.flatMap((q, i) => [
      field(
        `Question ${i + 1}`,
        [
          `**${oneLine(q.text)}**`,
          'Follow-ups:',
          ...q.followUps.map((f) => `• ${oneLine(f)}`),
          `Listen for: ${oneLine(q.lookFor)}`,
        ].join('\n'),
      ),
      // Interviewer only: the candidate never sees this outline before the interview.
      field(`Question ${i + 1} · a strong answer`, strongAnswerText(q)),
    ]),
  };
}

const DELIVERY_TEXT: Record<FeedbackDelivery, string> = {
  dm: 'It was sent to them privately by DM; nobody else sees it.',
  'dm-closed':
    'Their DMs are closed, so they will find it with **See my feedback** or `/interview history`; nobody else sees it.',
  left: 'They are no longer in this server, so it could not reach them; it stays saved, and nobody else sees it.',
  retrying:
    'Discord failed to deliver it just now; Stepwise will try the DM again in a few minutes. Nobody else sees it.',
  refused:
    'Discord refused to deliver it by DM; they can still read it with **See my feedback** or `/interview history`.',
};

export function renderFeedbackSaved(
  candidateId: string,
  created: boolean,
  delivered: FeedbackDelivery,
): string {
  return [
    created
      ? `✅ Feedback saved for ${mention(candidateId)}.`
      : `✏️ Your feedback for ${mention(candidateId)} is updated.`,
    DELIVERY_TEXT[delivered],
  ].join('\n');
}

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

export function renderSetupDone(config: InterviewConfig, nextRoundAt: Date): string {
  return [
    `✅ Mock interviews are set up in <#${config.channelId}>: ${scheduleLine(config)}.`,
    `Next round: ${timestamp(nextRoundAt)} (${timestamp(nextRoundAt, 'R')}).`,
    'Members join with `/interview join`. Each round puts every pair (or one trio) in a private thread there. Run a round right away with `/interview-admin pair-now`.',
  ].join('\n');
}

export function renderRoundStarted(input: {
  roundKey: string;
  groups: number;
  posted: number;
  failed: number;
  pending: number;
  problems: readonly string[];
  poolNote?: string;
}): string {
  const lines = [
    input.groups === 0
      ? `Round of ${roundLabel(input.roundKey)}: not enough members to pair (at least two must be in the pool).`
      : `🎤 Round of ${roundLabel(input.roundKey)} started: ${input.posted} of ${input.groups} group${input.groups === 1 ? '' : 's'} set up in private threads.`,
    input.pending > 0
      ? `${input.pending} group${input.pending === 1 ? ' is' : 's are'} waiting on Discord and will be retried automatically.`
      : undefined,
    input.problems.length > 0
      ? `⚠️ ${input.problems.length} problem${input.problems.length === 1 ? '' : 's'} (also sent to the admin who set interviews up):\n${input.problems
          .slice(0, 10)
          .map((p) => `• ${p}`)
          .join('\n')}`
      : undefined,
  ];
  return clip(lines.filter(Boolean).join('\n'), 2000);
}

export function renderPreview(plan: PlannedRound): string {
  const groups = plan.groups.map(
    (group, i) => `**${i + 1}.** ${rotationLines(group.map((m) => m.userId)).join(' ')}`,
  );
  return clip(
    [
      `🧪 **Dry run** — nothing was sent and nothing was saved. With the pool as it is now (${plan.poolSize} member${plan.poolSize === 1 ? '' : 's'}):`,
      groups.join('\n') || 'Nobody to pair: at least two members must be in the pool.',
      plan.satOut
        ? `${mention(plan.satOut)} would sit out (alone in the pool) and get priority next time.`
        : undefined,
      plan.skipped.length ? `Skipping this round: ${plan.skipped.map(mention).join(', ')}.` : undefined,
      `Repeated partners: ${plan.repeats}.`,
    ]
      .filter(Boolean)
      .join('\n'),
    2000,
  );
}

export function renderStats(stats: InterviewStats, config: InterviewConfig | undefined): APIEmbed {
  const rate =
    stats.meetingRate === null
      ? 'No finished round yet.'
      : `${Math.round(stats.meetingRate * 100)}% (${stats.finishedGroupsMet} of ${stats.finishedGroups} groups in finished rounds said they met)`;
  return {
    title: '📊 Mock interviews',
    description: config ? `Schedule: ${scheduleLine(config)} in <#${config.channelId}>.` : 'Not set up yet.',
    color: Colors.brand,
    fields: [
      field('Rounds', `${stats.rounds} (${stats.closedRounds} finished)`, true),
      field(
        'Groups made',
        `${stats.groups} (${stats.groups - stats.trios} pair${stats.groups - stats.trios === 1 ? '' : 's'}, ${stats.trios} trio${stats.trios === 1 ? '' : 's'})${stats.failedGroups ? ` · ${stats.failedGroups} refused by Discord` : ''}`,
        true,
      ),
      field('Meeting rate', rate),
      field('Feedback given', String(stats.feedback), true),
      field(
        'Pool',
        `${stats.activeMembers} member${stats.activeMembers === 1 ? '' : 's'} · ${stats.removedForNoShow} moved out for no-shows`,
        true,
      ),
    ],
    footer: { text: FOOTER },
  };
}
