import type { APIEmbedField } from 'discord.js';
import { STAR_PARTS, type StarPart } from '../../domain/interviews/feedback.js';
import type { InterviewConfig } from '../../domain/interviews/types.js';
import type { StarGuide } from '../../domain/questions/schema.js';
import type { RoundProblem } from '../../services/interview-round-progress.js';
import { capitalize } from './format.js';
import { clip } from './theme.js';

/**
 * What every interview message shares: mentions, fields, round and schedule labels, the STAR guide, the
 * rotation lines (also /config show's schedule line) and a round's problem lines. The messages themselves
 * are in render/interviews/, one file per job.
 */

export const mention = (id: string) => `<@${id}>`;
export const field = (name: string, value: string, inline = false): APIEmbedField => ({
  name: clip(name, 256),
  value: clip(value || '—', 1024),
  inline,
});
export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

export const PART_NAMES: Record<StarPart, string> = {
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

export function guideText(guide: StarGuide): string {
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

/** One thing Discord refused in a round, for the admin's report and the pair-now reply. */
export function problemLine(problem: RoundProblem): string {
  if (problem.kind === 'group')
    return `Group ${problem.position} (${problem.memberIds.map(mention).join(', ')}): ${problem.error ?? 'failed'}.`;
  const thread = problem.threadId ? `<#${problem.threadId}>` : `group ${problem.position}'s thread`;
  return `${mention(problem.userId)} could not be added to ${thread}: ${problem.error ?? 'refused'}.`;
}
