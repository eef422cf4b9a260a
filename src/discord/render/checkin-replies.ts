import type { RoundSummary } from '../../domain/checkins/summary.js';
import type { CheckinConfig } from '../../domain/checkins/types.js';
import type { DeliveryReport, WelcomeDelivery } from '../../services/checkin-rounds.js';
import { renderQuietList } from './checkins.js';
import { timestamp } from './format.js';
import { memberText } from './member-text.js';
import { clip } from './theme.js';

/** The short replies of `/checkin` and `/checkin-admin` (the prompts, form and summaries: checkins.ts). */

// ---- /checkin ----

/** `/checkin join`: joined or back, how prompts will reach the member, and when the next one comes. */
export function renderJoined(input: {
  rejoined: boolean;
  config: CheckinConfig | undefined;
  /** Absent when prompts go to the channel (no test DM was sent). */
  welcome: WelcomeDelivery | undefined;
  nextPromptAt: Date | undefined;
}): string {
  const { config, welcome } = input;
  const lines = [
    input.rejoined ? '✅ Welcome back to the weekly check-ins.' : '✅ You joined the weekly check-ins.',
  ];
  if (!config)
    lines.push(
      'They are not scheduled in this server yet; your first prompt comes once an admin sets them up.',
    );
  if (welcome === undefined && config)
    lines.push(`Your prompts will come as a mention in <#${config.channelId}>.`);
  else if (welcome === 'dm') lines.push('I sent you a test direct message: your prompts will arrive there.');
  else if (welcome === 'later')
    lines.push('Discord did not take my test direct message just now; I will try again in a minute.');
  else if (welcome === 'dm-closed')
    lines.push(
      config
        ? `⚠️ Your direct messages are closed to this server, so I will mention you in <#${config.channelId}> instead. To get DMs, allow them (Server menu → Privacy Settings) and run \`/checkin join\` again.`
        : '⚠️ Your direct messages are closed to this server, so your prompts will come as a mention in the check-in channel.',
    );
  if (config) {
    if (input.nextPromptAt)
      lines.push(`Next prompt: ${timestamp(input.nextPromptAt)} (${timestamp(input.nextPromptAt, 'R')}).`);
    lines.push('Answer this week’s right now with `/checkin now`.');
  }
  return lines.join('\n');
}

export const CHECKINS_LEFT =
  '👋 You left the weekly check-ins. Your history stays (`/privacy delete` removes it); `/checkin join` brings you back.';

/** `/checkin leave` from a DM: the servers whose check-ins were left, by name. */
export function renderLeftEverywhere(guildNames: readonly string[]): string {
  return guildNames.length === 0
    ? 'You are not in the weekly check-ins of any server, so there is nothing to leave.'
    : `👋 You left the weekly check-ins of ${guildNames.map((name) => `**${memberText(name)}**`).join(', ')}. No more prompts. Your history stays: \`/privacy delete\` (here or in the server) removes it.`;
}

export function renderPaused(until: Date): string {
  return `🏖️ Enjoy the break. No prompts until ${timestamp(until, 'D')}; your streak is frozen, not broken. \`/checkin resume\` ends it early.`;
}

export function renderResumed(wasPaused: boolean): string {
  return wasPaused
    ? '▶️ Welcome back: prompts start again from the next round.'
    : 'You were not on a break; nothing changed.';
}

export const CHECKIN_OF_ANOTHER_SERVER = 'This check-in belongs to another server.';

export const CHECKINS_CLOSED_TO_FORMER_MEMBER =
  'You are no longer a member of that server, so its check-ins are closed to you. `/checkin leave` stops any prompts; `/privacy delete` removes your data.';

// ---- /checkin-admin ----

/** setup refused: the bot cannot post in the chosen channel. */
export function renderCannotPostIn(channelId: string, missing: readonly string[]): string {
  return `I cannot post in <#${channelId}>: I am missing ${missing.join(', ')} there. Nothing was saved.`;
}

/** send-now: how the round's prompts went (or that it had gone out already). */
export function renderSendNowReport(report: DeliveryReport): string {
  const counts = `${report.sent} sent, ${report.skipped} on a break${report.failed ? `, ${report.failed} failed` : ''}${report.pending ? `, ${report.pending} still going out` : ''}`;
  return report.alreadyDone
    ? `This week's round was already sent (${counts}). Nothing was sent twice.`
    : `📨 This week's check-in is out: ${counts}.`;
}

export const SUMMARY_CHANNEL_REFUSED =
  'I cannot post in the check-in channel any more. Check my permissions there, or run `/checkin-admin setup` again.';

/** summary: where the summary went, and who has gone quiet (only the admin sees this). */
export function renderSummaryNowReply(
  summary: RoundSummary,
  channelId: string,
  posted: 'posted' | 'later',
): string {
  const where =
    posted === 'posted'
      ? `📊 Summary posted in <#${channelId}>.`
      : `📊 The summary will be posted in <#${channelId}> shortly (Discord is slow to answer).`;
  return clip(`${where}\n${renderQuietList(summary)}`, 2000);
}
