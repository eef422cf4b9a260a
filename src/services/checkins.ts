import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import {
  getAnswer,
  listMemberAnswers,
  listRoundFacts,
  saveAnswer,
} from '../db/repositories/checkin-answers.js';
import { listRounds } from '../db/repositories/checkin-rounds.js';
import {
  changeCheckinMember,
  getCheckinConfig,
  getCheckinMember,
  joinCheckins,
  leaveAllCheckins,
  saveConfigClosingOpenRounds,
} from '../db/repositories/checkins.js';
import { listCompletedBetween } from '../db/repositories/progress.js';
import { parseCheckinAnswer, type CheckinAnswer } from '../domain/checkins/answer.js';
import { memberHistories } from '../domain/checkins/history.js';
import {
  checkinScheduleSchema,
  nextOpening,
  roundWindow,
  type RoundWindow,
} from '../domain/checkins/schedule.js';
import { computeStreaks, type StreakStats } from '../domain/checkins/streaks.js';
import type { CheckinConfig, CheckinMember, DeliveryMode, RecordedAnswer } from '../domain/checkins/types.js';
import { findStep } from '../domain/roadmap/roadmap.js';
import type { Roadmap } from '../domain/roadmap/schema.js';
import { Refusal } from '../domain/refusal.js';
import { WEEK_MS } from '../domain/time/duration.js';

export interface CheckinDeps {
  db: Kysely<Database>;
  roadmap: Roadmap;
}

/** How long a member may pause their check-ins, in weeks. */
export const PAUSE_WEEKS = { min: 1, max: 8 } as const;

/** How prompts reach members: by direct message, or as a mention in the check-in channel. */
export const DELIVERY_MODES = ['dm', 'channel'] as const satisfies readonly DeliveryMode[];

export const SetupInputSchema = checkinScheduleSchema.extend({
  channelId: z.string().regex(/^\d{17,20}$/),
  delivery: z.enum(DELIVERY_MODES),
});
export type SetupInput = z.input<typeof SetupInputSchema>;

/** Validates and saves a server's schedule; nothing is saved when anything is wrong. */
export async function configureCheckins(
  { db }: CheckinDeps,
  guildId: string,
  input: SetupInput,
  by: string,
  now: Date,
): Promise<{ config: CheckinConfig; nextOpensAt: Date }> {
  const parsed = SetupInputSchema.safeParse(input);
  if (!parsed.success)
    throw new Refusal({
      code: 'checkins-setup-invalid',
      problems: parsed.error.issues.map((issue) => issue.message),
    });
  const { channelId, delivery, ...schedule } = parsed.data;
  const config: CheckinConfig = {
    guildId,
    channelId,
    schedule,
    delivery,
    // Rounds that opened before now are not prompted late; /checkin-admin send-now starts this one.
    activeSince: now.getTime(),
    updatedAt: now.getTime(),
    updatedBy: by,
  };
  const nextOpensAt = nextOpening(schedule, now);
  await saveConfigClosingOpenRounds(db, config, nextOpensAt);
  return { config, nextOpensAt };
}

export async function requireConfig(
  { db }: Pick<CheckinDeps, 'db'>,
  guildId: string,
): Promise<CheckinConfig> {
  const config = await getCheckinConfig(db, guildId);
  if (!config) throw new Refusal({ code: 'checkins-not-set-up' });
  return config;
}

export async function currentRound(
  deps: Pick<CheckinDeps, 'db'>,
  guildId: string,
  now: Date,
): Promise<{ config: CheckinConfig; window: RoundWindow }> {
  const config = await requireConfig(deps, guildId);
  return { config, window: roundWindow(config.schedule, now) };
}

/**
 * The round members answer now: the latest started round still open (it may follow an older schedule),
 * else the schedule's current round. `roundKey` (from a prompt's button) must name a round still open.
 */
export async function answerableRound(
  deps: Pick<CheckinDeps, 'db'>,
  guildId: string,
  roundKey: string | undefined,
  now: Date,
): Promise<{ config: CheckinConfig; window: RoundWindow | undefined }> {
  const { config, window: scheduled } = await currentRound(deps, guildId, now);
  const open = (await listRounds(deps.db, guildId))
    .filter(
      (r) =>
        r.closedAt === null &&
        r.window.opensAt.getTime() <= now.getTime() &&
        now.getTime() < r.window.closesAt.getTime(),
    )
    .map((r) => r.window);
  if (roundKey === undefined) return { config, window: open.at(-1) ?? scheduled };
  const named = open.find((w) => w.key === roundKey);
  if (named) return { config, window: named };
  return { config, window: roundKey === scheduled.key ? scheduled : undefined };
}

export async function joinMember(
  { db }: CheckinDeps,
  guildId: string,
  userId: string,
  now: Date,
): Promise<{ rejoined: boolean }> {
  const existing = await getCheckinMember(db, guildId, userId);
  await joinCheckins(db, guildId, userId, now);
  return { rejoined: existing !== undefined };
}

export async function requireMember(
  { db }: CheckinDeps,
  guildId: string,
  userId: string,
): Promise<CheckinMember> {
  const member = await getCheckinMember(db, guildId, userId);
  if (!member || !member.active) throw new Refusal({ code: 'checkins-not-joined' });
  return member;
}

export async function leaveMember(deps: CheckinDeps, guildId: string, userId: string): Promise<void> {
  await requireMember(deps, guildId, userId);
  await changeCheckinMember(deps.db, guildId, userId, { active: false, pausedUntil: null });
}

export async function pauseMember(
  deps: CheckinDeps,
  guildId: string,
  userId: string,
  weeks: number,
  now: Date,
): Promise<Date> {
  if (!Number.isInteger(weeks) || weeks < PAUSE_WEEKS.min || weeks > PAUSE_WEEKS.max)
    throw new Refusal({ code: 'checkins-pause-weeks', ...PAUSE_WEEKS });
  await requireMember(deps, guildId, userId);
  const until = new Date(now.getTime() + weeks * WEEK_MS);
  await changeCheckinMember(deps.db, guildId, userId, { pausedUntil: until.getTime() });
  return until;
}

export async function resumeMember(deps: CheckinDeps, guildId: string, userId: string): Promise<boolean> {
  const member = await requireMember(deps, guildId, userId);
  await changeCheckinMember(deps.db, guildId, userId, { pausedUntil: null });
  return member.pausedUntil !== null;
}

export async function setDeliveryChannel(
  { db }: Pick<CheckinDeps, 'db'>,
  guildId: string,
  userId: string,
  changes: { dmChannelId?: string | null; dmClosed?: boolean },
): Promise<void> {
  await changeCheckinMember(db, guildId, userId, changes);
}

export interface CheckinForm {
  window: RoundWindow;
  existing: CheckinAnswer | undefined;
  /** Roadmap steps completed this week, offered as a starting point for "what did you do". */
  completedSteps: string[];
}

/** What the check-in form shows: the member's answer so far, or the steps they completed this week. */
export async function checkinForm(
  deps: CheckinDeps,
  guildId: string,
  userId: string,
  roundKey: string | undefined,
  now: Date,
): Promise<CheckinForm> {
  const { window } = await answerableRound(deps, guildId, roundKey, now);
  await requireMember(deps, guildId, userId);
  if (window === undefined) {
    throw new Refusal({ code: 'checkin-closed', wanted: 'answer' });
  }
  const existing = await getAnswer(deps.db, guildId, window.key, userId);
  const completed = await listCompletedBetween(deps.db, { guildId, userId }, window.opensAt, window.closesAt);
  return {
    window,
    existing: existing?.answer,
    completedSteps: completed.map((id) => findStep(deps.roadmap, id)?.title ?? id),
  };
}

/** Saves (or edits) this week's answer; refuses a closed week or bad fields without saving anything. */
export async function submitAnswer(
  deps: CheckinDeps,
  guildId: string,
  userId: string,
  roundKey: string,
  fields: Record<string, string>,
  now: Date,
): Promise<{ created: boolean; window: RoundWindow; streak: StreakStats }> {
  const { window } = await answerableRound(deps, guildId, roundKey, now);
  if (window === undefined) throw new Refusal({ code: 'checkin-closed', wanted: 'edit' });
  await requireMember(deps, guildId, userId);
  const parsed = parseCheckinAnswer(fields);
  if (!parsed.ok) throw new Refusal({ code: 'checkin-answer-invalid', problems: parsed.errors });
  const { created } = await saveAnswer(deps.db, { guildId, roundKey: window.key, userId }, parsed.value, now);
  return { created, window, streak: await memberStreak(deps, guildId, userId, now) };
}

export async function memberStreak(
  deps: CheckinDeps,
  guildId: string,
  userId: string,
  now: Date,
): Promise<StreakStats> {
  const rounds = await listRounds(deps.db, guildId);
  const closed = new Set(
    rounds
      .filter((r) => r.window.closesAt.getTime() <= now.getTime() || r.closedAt !== null)
      .map((r) => r.window.key),
  );
  const { prompts, answers } = await listRoundFacts(deps.db, guildId, [userId]);
  const history = memberHistories(prompts, answers, closed).get(userId) ?? [];
  return computeStreaks(history);
}

export interface CheckinStatus {
  member: CheckinMember | undefined;
  config: CheckinConfig | undefined;
  streak: StreakStats;
  /** The member's latest answers, newest first. */
  recent: RecordedAnswer[];
  nextPromptAt: Date | undefined;
  answeredThisWeek: boolean;
}

export async function memberStatus(
  deps: CheckinDeps,
  guildId: string,
  userId: string,
  now: Date,
): Promise<CheckinStatus> {
  const [member, config] = await Promise.all([
    getCheckinMember(deps.db, guildId, userId),
    getCheckinConfig(deps.db, guildId),
  ]);
  const streak = await memberStreak(deps, guildId, userId, now);
  const recent = await listMemberAnswers(deps.db, guildId, userId, 3);
  let nextPromptAt: Date | undefined;
  let answeredThisWeek = false;
  if (config) {
    const { window } = await answerableRound(deps, guildId, undefined, now);
    answeredThisWeek = recent.some((r) => r.roundKey === window?.key);
    const breakEnds = member?.pausedUntil;
    nextPromptAt = nextOpening(config.schedule, breakEnds && breakEnds > now.getTime() ? breakEnds : now);
  }
  return { member, config, streak, recent, nextPromptAt, answeredThisWeek };
}

export async function getConfigOrNone(
  { db }: Pick<CheckinDeps, 'db'>,
  guildId: string,
): Promise<CheckinConfig | undefined> {
  return getCheckinConfig(db, guildId);
}

/** `/checkin leave` from a DM: leaves the check-ins of every server; the servers left. */
export async function leaveEverywhere({ db }: Pick<CheckinDeps, 'db'>, userId: string): Promise<string[]> {
  return leaveAllCheckins(db, userId);
}
