import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import type { CheckinAnswer } from '../../domain/checkins/answer.js';
import { CHECKIN_FIELD_LABELS } from '../../domain/checkins/answer.js';
import type { RoundWindow } from '../../domain/checkins/schedule.js';
import type { StreakStats } from '../../domain/checkins/streaks.js';
import type { RoundSummary } from '../../domain/checkins/summary.js';
import { isPaused, type CheckinConfig } from '../../domain/checkins/types.js';
import type { CheckinStatus } from '../../services/checkins.js';
import { checkinIds } from '../custom-ids.js';
import type { OutgoingMessage } from '../messenger.js';
import { button, row } from './components.js';
import { memberText } from './member-text.js';
import { capitalize, timestamp } from './format.js';
import { clip, Colors, FOOTER } from './theme.js';

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

/** "16 Nov" style label for a round key (the local date it opened). */
export function weekLabel(roundKey: string): string {
  const date = new Date(`${roundKey}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? roundKey : DAY_MONTH_YEAR.format(date);
}

function checkInButton(guildId: string, roundKey: string) {
  return row(
    button(checkinIds.answer.build(guildId, roundKey), 'Check in', {
      style: ButtonStyle.Primary,
      emoji: '📝',
    }),
  );
}

/** The weekly prompt or the single reminder, by DM or (mentioning the member) in the channel. */
export function renderPrompt(input: {
  kind: 'prompt' | 'reminder';
  guildId: string;
  guildName: string;
  window: RoundWindow;
  mentionUserId?: string;
}): OutgoingMessage {
  const { kind, window } = input;
  const embed: APIEmbed = {
    title: kind === 'prompt' ? '🗓️ Weekly check-in' : '⏰ Check-in reminder',
    description: [
      `**${memberText(clip(input.guildName, 100))}** · week of ${weekLabel(window.key)}`,
      '',
      kind === 'prompt'
        ? 'What did you get done this week, and what is your goal for the next one? It takes a minute, and keeping the habit is what gets people hired.'
        : 'You have not checked in yet this week. A two-line answer is plenty.',
      '',
      `Open until ${timestamp(window.closesAt)} (${timestamp(window.closesAt, 'R')}).`,
    ].join('\n'),
    color: kind === 'prompt' ? Colors.brand : Colors.warning,
    footer: { text: 'Pause with /checkin pause · leave with /checkin leave' },
  };
  return {
    ...(input.mentionUserId
      ? {
          content:
            kind === 'prompt'
              ? `<@${input.mentionUserId}>, your weekly check-in is open.`
              : `<@${input.mentionUserId}>, a reminder: this week's check-in closes soon.`,
          pingUsers: [input.mentionUserId],
        }
      : {}),
    embeds: [embed],
    components: [checkInButton(input.guildId, window.key)],
  };
}

export function renderWelcomeDm(guildName: string): OutgoingMessage {
  return {
    embeds: [
      {
        title: '👋 You joined the weekly check-ins',
        description: `This is a test message from **${memberText(clip(guildName, 100))}**: your weekly check-in prompts will arrive here. Leave any time with \`/checkin leave\`.`,
        color: Colors.success,
      },
    ],
  };
}

function input(
  customId: string,
  label: string,
  options: { paragraph?: boolean; required: boolean; max: number; value?: string; placeholder?: string },
) {
  return {
    type: ComponentType.Label as const,
    label,
    component: {
      type: ComponentType.TextInput as const,
      custom_id: customId,
      style: options.paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short,
      required: options.required,
      max_length: options.max,
      ...(options.value ? { value: clip(options.value, options.max) } : {}),
      ...(options.placeholder ? { placeholder: clip(options.placeholder, 100) } : {}),
    },
  };
}

/** The check-in form: pre-filled with the answer so far, or the roadmap steps completed this week. */
export function renderCheckinModal(
  guildId: string,
  window: RoundWindow,
  existing: CheckinAnswer | undefined,
  completedSteps: readonly string[],
): APIModalInteractionResponseCallbackData {
  const hint = completedSteps.length ? `Roadmap steps completed: ${completedSteps.join(', ')}` : undefined;
  return {
    custom_id: checkinIds.submit.build(guildId, window.key),
    title: clip(`Check-in · week of ${weekLabel(window.key)}`, 45),
    components: [
      input('done', CHECKIN_FIELD_LABELS.done, {
        paragraph: true,
        required: true,
        max: 1000,
        value: existing?.done ?? hint,
        placeholder: 'Finished the SQL step, applied to 3 jobs, fixed my CV…',
      }),
      input('nextGoal', CHECKIN_FIELD_LABELS.nextGoal, {
        paragraph: true,
        required: true,
        max: 500,
        value: existing?.nextGoal,
      }),
      input('blockers', `${CHECKIN_FIELD_LABELS.blockers} (optional)`, {
        paragraph: true,
        required: false,
        max: 500,
        value: existing?.blockers ?? undefined,
      }),
      input('applications', `${CHECKIN_FIELD_LABELS.applications} (optional)`, {
        required: false,
        max: 4,
        value: existing?.applications?.toString(),
        placeholder: 'A number, e.g. 3',
      }),
      input('interviews', `${CHECKIN_FIELD_LABELS.interviews} (optional)`, {
        required: false,
        max: 4,
        value: existing?.interviews?.toString(),
        placeholder: 'A number, e.g. 1',
      }),
    ],
  };
}

export function streakLine(streak: StreakStats): string {
  const weeks = (n: number) => `${n} week${n === 1 ? '' : 's'}`;
  return `🔥 Streak: **${weeks(streak.current)}** (best ${weeks(streak.best)})`;
}

export function renderConfirmation(created: boolean, window: RoundWindow, streak: StreakStats): string {
  return [
    created
      ? `✅ Checked in for the week of ${weekLabel(window.key)}.`
      : `✏️ Your check-in for the week of ${weekLabel(window.key)} is updated.`,
    streakLine(streak),
    `You can edit it until ${timestamp(window.closesAt, 'f')} with \`/checkin now\`.`,
  ].join('\n');
}

/** The weekly summary posted in the channel. Mentions inside embeds show names and never ping. */
export function renderSummary(summary: RoundSummary, options: { partial: boolean }): OutgoingMessage {
  const goals = summary.goals.map(
    (g) => `• <@${g.memberId}>: ${memberText(clip(g.goal.replace(/\s+/g, ' '), 120))}`,
  );
  const leaders = summary.streakLeaders.map(
    (l, i) =>
      `${['🥇', '🥈', '🥉'][i] ?? '🔥'} <@${l.memberId}> — ${l.current} week${l.current === 1 ? '' : 's'}`,
  );
  const { applications, interviews, reporting } = summary.jobSearch;
  const fields = [
    { name: 'Goals for next week', value: clip(goals.join('\n') || 'No goals shared this week.', 1024) },
    {
      name: 'Streak leaders',
      value: clip(leaders.join('\n') || 'No streaks yet. Next week is a good start.', 1024),
    },
    ...(reporting > 0
      ? [
          {
            name: 'Job search',
            value: `${applications} application${applications === 1 ? '' : 's'} and ${interviews} interview${interviews === 1 ? '' : 's'} reported by ${reporting} member${reporting === 1 ? '' : 's'}.`,
          },
        ]
      : []),
  ];
  const quiet = summary.quietMembers.length;
  return {
    embeds: [
      {
        title: `📊 Weekly check-in — week of ${weekLabel(summary.roundKey)}${options.partial ? ' (so far)' : ''}`,
        description: [
          `**${summary.checkedIn} of ${summary.expected}** members checked in${asides(summary)}.`,
          quiet
            ? `${quiet} member${quiet === 1 ? ' has' : 's have'} been quiet for two weeks or more; moderators can see who with \`/checkin-admin summary\`.`
            : undefined,
        ]
          .filter(Boolean)
          .join('\n'),
        color: Colors.brand,
        fields,
        footer: { text: FOOTER },
      },
    ],
  };
}

function asides(summary: RoundSummary): string {
  const notes = [
    summary.paused ? `${summary.paused} on a break` : undefined,
    summary.undelivered
      ? `${summary.undelivered} not reached: their prompt could not be delivered, so it does not count against them`
      : undefined,
  ].filter(Boolean);
  return notes.length ? ` (${notes.join('; ')})` : '';
}

/** The admin's list of prompts Discord did not deliver in a round, and why. */
export function renderDeliveryReport(input: {
  guildName: string;
  roundKey: string;
  failures: ReadonlyArray<{ userId: string; kind: 'prompt' | 'reminder'; reason: string }>;
}): OutgoingMessage {
  return {
    embeds: [
      {
        title: `⚠️ Weekly check-in — week of ${weekLabel(input.roundKey)}: ${input.failures.length} not delivered`,
        description: clip(
          [
            `In **${memberText(clip(input.guildName, 100))}**, these members did not get their ${input.failures.every((f) => f.kind === 'reminder') ? 'reminder' : 'check-in'}. It does not count against their streak.`,
            '',
            ...input.failures.map(
              (f) => `• <@${f.userId}>${f.kind === 'reminder' ? ' (reminder)' : ''}: ${f.reason}`,
            ),
          ].join('\n'),
          4096,
        ),
        color: Colors.warning,
        footer: { text: FOOTER },
      },
    ],
  };
}

export function renderQuietList(summary: RoundSummary): string {
  if (summary.quietMembers.length === 0) return 'Nobody has been quiet for two weeks or more.';
  return [
    '**Quiet for two weeks or more** (only you see this):',
    ...summary.quietMembers.map((q) => `• <@${q.memberId}> — ${q.quietRounds} weeks`),
  ].join('\n');
}

export function renderStatus(status: CheckinStatus, now: Date): APIEmbed {
  const { member, config, streak } = status;
  const joined = member?.active === true;
  const paused = joined && isPaused(member, now);
  const state = !joined
    ? 'Not joined. Join with `/checkin join`.'
    : paused
      ? `On a break until ${timestamp(member.pausedUntil ?? 0, 'D')}: your streak is frozen, not broken. \`/checkin resume\` ends it early.`
      : 'Joined.';
  const recent = status.recent.map(
    (r) =>
      `**Week of ${weekLabel(r.roundKey)}** — ${memberText(clip(r.answer.done.replace(/\s+/g, ' '), 150))}\n↳ Goal: ${memberText(clip(r.answer.nextGoal.replace(/\s+/g, ' '), 120))}`,
  );
  return {
    title: '🗓️ Your weekly check-ins',
    description: [
      state,
      streakLine(streak),
      config && joined && status.nextPromptAt
        ? `Next prompt: ${timestamp(status.nextPromptAt)} (${timestamp(status.nextPromptAt, 'R')})`
        : undefined,
      config
        ? status.answeredThisWeek
          ? '✅ You have checked in this week.'
          : 'You have not checked in this week yet: `/checkin now`.'
        : 'Check-ins are not scheduled in this server yet.',
      member?.dmClosed
        ? 'Your DMs are closed to this server, so prompts come as a mention in the check-in channel.'
        : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
    color: Colors.brand,
    fields: recent.length ? [{ name: 'Last answers', value: clip(recent.join('\n'), 1024) }] : [],
  };
}

/** `/checkin-admin setup` saved: the schedule in words and when the next round opens. */
export function renderCheckinSetupDone(config: CheckinConfig, nextOpensAt: Date): string {
  const { schedule } = config;
  const prompts =
    config.delivery === 'dm'
      ? 'by direct message (a mention in the channel for members whose DMs are closed)'
      : `as a mention in <#${config.channelId}>`;
  return [
    `✅ Weekly check-ins are set: every **${capitalize(schedule.weekday)} at ${schedule.time}** (${schedule.timezone}), summaries in <#${config.channelId}>.`,
    `Prompts go ${prompts}; one reminder ${schedule.reminderLeadHours} hours before the week closes.`,
    `Next round: ${timestamp(nextOpensAt)} (${timestamp(nextOpensAt, 'R')}). Start this week's round now with \`/checkin-admin send-now\`.`,
  ].join('\n');
}
