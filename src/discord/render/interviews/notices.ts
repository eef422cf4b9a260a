import type { OutgoingMessage } from '../../messenger.js';
import type { RoundProblem } from '../../../services/interview-round-progress.js';
import { problemLine, roundLabel } from '../interviews.js';
import { memberText } from '../member-text.js';
import { clip, Colors, FOOTER } from '../theme.js';

/** What the round's engine tells people outside the threads: the admin's report, no-show notices. */

export function renderRoundReport(input: {
  guildName: string;
  roundKey: string;
  channelId: string;
  problems: readonly RoundProblem[];
}): OutgoingMessage {
  return {
    embeds: [
      {
        title: `⚠️ Mock interviews · round of ${roundLabel(input.roundKey)}: some groups need a hand`,
        description: clip(
          [
            `In **${memberText(clip(input.guildName, 100))}**, Discord refused part of this round in <#${input.channelId}>. The other groups went ahead.`,
            '',
            ...input.problems.map((p) => `• ${problemLine(p)}`),
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
