import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { getInterviewConfig, saveInterviewConfig } from '../db/repositories/interviews/config.js';
import { validateSetup, type SetupInput } from '../domain/interviews/inputs.js';
import { firstOpeningAfter } from '../domain/interviews/schedule.js';
import type { InterviewConfig } from '../domain/interviews/types.js';
import type { QuestionBank } from '../domain/questions/schema.js';
import { Refusal } from '../domain/refusal.js';

/** What the interview use cases need: the database, and the question bank for those that ask. */
export interface InterviewDeps {
  db: Kysely<Database>;
  questions: QuestionBank;
}

/** Validates and saves a server's schedule; nothing is saved when anything is wrong. */
export async function configureInterviews(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  input: SetupInput,
  by: string,
  now: Date,
): Promise<{ config: InterviewConfig; nextRoundAt: Date }> {
  const { channelId, ...schedule } = validateSetup(input);
  // The first opening after now anchors fortnightly cycles and is the next round.
  const next = firstOpeningAfter(schedule, now);
  const config: InterviewConfig = {
    guildId,
    channelId,
    weekday: schedule.weekday,
    time: schedule.time,
    timezone: schedule.timezone,
    cadence: schedule.cadence,
    anchorKey: next.key,
    // A cycle that opened before now is not paired late; /interview-admin pair-now starts it.
    activeSince: now.getTime(),
    updatedAt: now.getTime(),
    updatedBy: by,
  };
  await saveInterviewConfig(db, config);
  return { config, nextRoundAt: next.at };
}

export async function requireConfig(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
): Promise<InterviewConfig> {
  const config = await getInterviewConfig(db, guildId);
  if (!config) throw new Refusal({ code: 'interviews-not-set-up' });
  return config;
}

/** The server's interview settings, or undefined before setup. */
export async function interviewConfigOrNone(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
): Promise<InterviewConfig | undefined> {
  return getInterviewConfig(db, guildId);
}
