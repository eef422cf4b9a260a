import type { APIEmbed } from 'discord.js';
import type { PlannedRound } from '../../../domain/interviews/round-plan.js';
import type { InterviewConfig } from '../../../domain/interviews/types.js';
import type { RoundProblem } from '../../../services/interview-round-progress.js';
import type { InterviewStats } from '../../../services/interview-status.js';
import { timestamp } from '../format.js';
import { field, mention, problemLine, roundLabel, rotationLines, scheduleLine } from '../interviews.js';
import { clip, Colors, FOOTER } from '../theme.js';

/** `/interview-admin` replies: setup, a round started now or previewed, the server's figures. */

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
  problems: readonly RoundProblem[];
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
          .map((p) => `• ${problemLine(p)}`)
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

/** Setup refused up front: every round makes private threads in the channel, so it must allow them. */
export function renderCannotRunRoundsIn(channelId: string, missing: readonly string[]): string {
  return `Stepwise cannot run rounds in <#${channelId}>: it is missing **${missing.join('**, **')}** there. Give it those permissions (or pick another channel) and run setup again. Nothing was saved.`;
}

export const INTERVIEW_CHANNEL_NOT_TEXT =
  '**Channel:** choose a text channel (private threads are made there). Nothing was saved.';
