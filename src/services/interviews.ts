import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { interviewCounts } from '../db/repositories/interviews/stats.js';
import {
  getInterviewConfig,
  interviewConfigToRow,
  saveInterviewConfig,
} from '../db/repositories/interviews/config.js';
import type { InterviewConfigRow } from '../db/tables/interviews.js';
import {
  getCandidate,
  getFeedback,
  listFeedbackReceived,
  saveFeedback,
} from '../db/repositories/interviews/feedback.js';
import {
  askedQuestions,
  getGroup,
  listGroupMembers,
  listMemberGroups,
  listMembersOfGroups,
  listRoundGroupMembers,
  pastGroups,
} from '../db/repositories/interviews/groups.js';
import {
  getInterviewMember,
  listActiveInterviewMembers,
  saveInterviewMember,
  updateInterviewMember,
} from '../db/repositories/interviews/members.js';
import {
  listParticipation,
  listReports,
  saveReport,
  saveReportIfMissing,
} from '../db/repositories/interviews/reports.js';
import { getRound, getRoundByKey, latestRound } from '../db/repositories/interviews/rounds.js';
import {
  CADENCES,
  type Feedback,
  type GroupMember,
  type InterviewCadence,
  type InterviewConfig,
  type InterviewCounts,
  type InterviewGroup,
  type InterviewMember,
  type InterviewRound,
  type NewRoundPlan,
  type ReceivedFeedback,
  type ReportOutcome,
} from '../domain/interviews/types.js';
import { previousRoundWindow, roundWindow, type CheckinSchedule } from '../domain/checkins/schedule.js';
import {
  averages,
  parseFeedback,
  type FeedbackResult,
  type StarAverages,
} from '../domain/interviews/feedback.js';
import { isNoShow, trailingMisses, type MeetingOutcome } from '../domain/interviews/no-show.js';
import { pairMembers } from '../domain/interviews/pairing.js';
import { LEVELS, type PoolMember } from '../domain/interviews/pairing-types.js';
import { mulberry32, seedFromString } from '../domain/interviews/random.js';
import {
  currentQuestionId,
  findQuestion,
  pickQuestions,
  questionsFor as questionsForCompetency,
} from '../domain/questions/pick.js';
import {
  COMPETENCIES,
  type Competency,
  type Question,
  type QuestionBank,
} from '../domain/questions/schema.js';
import { Refusal } from '../domain/refusal.js';
import { DAY_MS } from '../domain/time/duration.js';
import { timeOfDaySchema } from '../domain/time/time-of-day.js';
import { weekdaySchema, type WeekdayName } from '../domain/time/weekday.js';
import { timeZoneSchema } from '../domain/time/zones.js';

export interface InterviewDeps {
  db: Kysely<Database>;
  questions: QuestionBank;
}

/** Two questions per candidate: one per half of a 45–60 minute session. */
export const QUESTIONS_PER_CANDIDATE = 2;
/** Rounds of history the pairing engine looks at: a year of weekly rounds. */
export const PAIRING_LOOKBACK_ROUNDS = 52;

// ---- schedule ----

export interface InterviewSchedule {
  readonly weekday: WeekdayName;
  readonly time: string;
  readonly timezone: string;
  readonly cadence: InterviewCadence;
}

/** One period between two round openings. */
export interface Cycle {
  /** Local ISO date of the opening, e.g. "2026-11-20": the round key, stable across DST and restarts. */
  readonly key: string;
  readonly opensAt: Date;
  /** Exclusive: the next round opens at this instant. */
  readonly closesAt: Date;
}

export function scheduleOf(config: InterviewConfig): InterviewSchedule {
  return {
    weekday: config.weekday as WeekdayName,
    time: config.time,
    timezone: config.timezone,
    cadence: config.cadence,
  };
}

function weekly(schedule: InterviewSchedule): CheckinSchedule {
  // The check-in calendar already does DST-safe weekly windows; its reminder is unused here.
  return {
    weekday: schedule.weekday,
    time: schedule.time,
    timezone: schedule.timezone,
    reminderLeadHours: 1,
  };
}

const daysBetween = (fromKey: string, toKey: string): number =>
  Math.round((Date.parse(`${toKey}T00:00:00Z`) - Date.parse(`${fromKey}T00:00:00Z`)) / DAY_MS);

/**
 * The cycle running at `at`. Fortnightly cycles open on the weeks an even number of weeks away from
 * `anchorKey` (the first opening after setup), so which weeks run never depends on when the bot restarts.
 */
export function cycleAt(schedule: InterviewSchedule, anchorKey: string, at: Date | number): Cycle {
  const base = weekly(schedule);
  let window = roundWindow(base, at);
  if (schedule.cadence === 'weekly') {
    return { key: window.key, opensAt: window.opensAt, closesAt: window.closesAt };
  }
  const weeks = Math.round(daysBetween(anchorKey, window.key) / 7);
  if (((weeks % 2) + 2) % 2 === 1) window = previousRoundWindow(base, window);
  const closesAt = roundWindow(base, window.closesAt).closesAt;
  return { key: window.key, opensAt: window.opensAt, closesAt };
}

/** The follow-up goes halfway between the moment the groups were made and the end of the round. */
export function followUpTime(startedAt: Date | number, closesAt: Date | number): Date {
  const start = typeof startedAt === 'number' ? startedAt : startedAt.getTime();
  const end = typeof closesAt === 'number' ? closesAt : closesAt.getTime();
  return new Date(start + Math.floor((end - start) / 2));
}

/** When the next round is paired: this cycle's opening if it is still owed, else the next one. */
export function nextRoundAt(config: InterviewConfig, hasCurrentRound: boolean, now: Date): Date {
  const cycle = cycleAt(scheduleOf(config), config.anchorKey, now);
  if (!hasCurrentRound && cycle.opensAt.getTime() >= config.activeSince) return cycle.opensAt;
  return cycle.closesAt;
}

// ---- configuration ----

export { CADENCES };

export const SetupInputSchema = z.object({
  channelId: z.string().regex(/^\d{17,20}$/, { error: 'Choose a text channel.' }),
  weekday: weekdaySchema,
  time: timeOfDaySchema,
  timezone: timeZoneSchema,
  cadence: z.enum(CADENCES, { error: 'Choose weekly or every two weeks.' }),
});
export type SetupInput = z.input<typeof SetupInputSchema>;

/** Checks setup options, every problem listed; throws a Refusal when any is wrong. */
export function validateSetup(input: SetupInput): z.output<typeof SetupInputSchema> {
  const parsed = SetupInputSchema.safeParse(input);
  if (!parsed.success)
    throw new Refusal({
      code: 'interviews-setup-invalid',
      problems: parsed.error.issues.map((issue) => issue.message),
    });
  return parsed.data;
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
  const next = roundWindow(weekly(schedule), now).closesAt;
  const config: InterviewConfig = {
    guildId: guildId,
    channelId: channelId,
    weekday: schedule.weekday,
    time: schedule.time,
    timezone: schedule.timezone,
    cadence: schedule.cadence,
    anchorKey: roundWindow(weekly(schedule), next).key,
    // A cycle that opened before now is not paired late; /interview-admin pair-now starts it.
    activeSince: now.getTime(),
    updatedAt: now.getTime(),
    updatedBy: by,
  };
  await saveInterviewConfig(db, config);
  return { config, nextRoundAt: next };
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

/**
 * The settings in the table's shape, for `/config show` only: src/discord/render/config.ts (reworked
 * separately) still reads the row. Goes once that render takes the domain InterviewConfig.
 */
export async function interviewConfigRowOrNone(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
): Promise<InterviewConfigRow | undefined> {
  const config = await getInterviewConfig(db, guildId);
  return config && interviewConfigToRow(config);
}

// ---- members ----

export const FOCUS_MAX = 50;

export const JoinInputSchema = z.object({
  focus: z
    .string()
    .trim()
    .min(1, { error: 'Focus: write a competency or a few words, e.g. teamwork or system design.' })
    .max(FOCUS_MAX, { error: `Focus: keep it to ${FOCUS_MAX} characters or fewer.` })
    .optional(),
  level: z.enum(LEVELS, { error: 'Level: choose beginner, intermediate or advanced.' }).optional(),
  timezone: timeZoneSchema.optional(),
});
export type JoinInput = z.input<typeof JoinInputSchema>;

/** Joins (or rejoins) the pool; options left out keep what the member chose before. */
export async function joinPool(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
  input: JoinInput,
  now: Date,
): Promise<{ member: InterviewMember; status: 'joined' | 'rejoined' | 'updated' }> {
  const parsed = JoinInputSchema.safeParse(input);
  if (!parsed.success)
    throw new Refusal({
      code: 'interviews-join-invalid',
      problems: parsed.error.issues.map((issue) => issue.message),
    });
  const existing = await getInterviewMember(db, guildId, userId);
  const wasActive = existing?.active === true;
  const member: InterviewMember = {
    guildId: guildId,
    userId: userId,
    focus: parsed.data.focus ?? existing?.focus ?? null,
    level: parsed.data.level ?? existing?.level ?? null,
    timezone: parsed.data.timezone ?? existing?.timezone ?? null,
    active: true,
    // A rejoin starts a clean slate for the no-show rule.
    joinedAt: wasActive && existing ? existing.joinedAt : now.getTime(),
    leftAt: null,
    removedReason: null,
    // Joining again is also how a member takes back a skip.
    skipNext: false,
  };
  await saveInterviewMember(db, member);
  return { member, status: !existing ? 'joined' : wasActive ? 'updated' : 'rejoined' };
}

export async function requireMember(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
): Promise<InterviewMember> {
  const member = await getInterviewMember(db, guildId, userId);
  if (!member || !member.active) throw new Refusal({ code: 'interviews-not-joined' });
  return member;
}

export async function leavePool(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
  now: Date,
): Promise<void> {
  await requireMember(deps, guildId, userId);
  await updateInterviewMember(deps.db, guildId, userId, {
    active: false,
    leftAt: now.getTime(),
    removedReason: 'left',
    skipNext: false,
  });
}

/** Sits the member out of the next round only; returns false when they were already skipping it. */
export async function skipNextRound(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
): Promise<boolean> {
  const member = await requireMember(deps, guildId, userId);
  if (member.skipNext) return false;
  await updateInterviewMember(deps.db, guildId, userId, { skipNext: true });
  return true;
}

/** Removes a member Discord says is no longer in the server, so later rounds do not pair them. */
export async function markLeftServer(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
  now: Date,
): Promise<void> {
  await updateInterviewMember(db, guildId, userId, {
    active: false,
    leftAt: now.getTime(),
    removedReason: 'left-server',
  });
}

// ---- planning a round ----

/** Ids a member was asked, with retired ids read as the questions that replaced them. */
function askedToday(bank: QuestionBank, asked: ReadonlySet<string> | undefined): Set<string> {
  return new Set([...(asked ?? [])].map((id) => currentQuestionId(bank, id)));
}

const competencyByName = (bank: QuestionBank, focus: string | null): Competency | undefined => {
  const wanted = focus?.trim().toLowerCase();
  if (!wanted) return undefined;
  return bank.competencies.find(
    (c) => c.id === wanted || c.name.toLowerCase() === wanted || c.id.replace('-', ' ') === wanted,
  )?.id;
};

/**
 * Questions for one candidate: never one they were asked before while the bank has others, and the first
 * from their focus competency when they named one.
 */
export function questionsFor(
  bank: QuestionBank,
  member: Pick<InterviewMember, 'focus'>,
  asked: ReadonlySet<string>,
  random: () => number,
  count = QUESTIONS_PER_CANDIDATE,
): Question[] {
  const picked: Question[] = [];
  const competency = competencyByName(bank, member.focus);
  if (competency) {
    const fresh = bank.questions.some((q) => q.competency === competency && !asked.has(q.id));
    if (fresh) picked.push(...pickQuestions(bank, { count: 1, competency, exclude: asked, random }));
  }
  const taken = new Set(picked.map((q) => q.id));
  const rest = { questions: bank.questions.filter((q) => !taken.has(q.id)) };
  // The focus already has its question: the others come from other competencies while any are fresh, so a
  // focus competency is not used up twice as fast.
  const avoid = new Set(asked);
  if (competency && picked.length > 0) {
    for (const q of questionsForCompetency(bank, competency)) avoid.add(q.id);
  }
  picked.push(...pickQuestions(rest, { count: count - picked.length, exclude: avoid, random }));
  return picked;
}

export interface PlannedRound {
  key: string;
  seed: number;
  /** Each group in rotation order: member i interviews member i + 1, the last interviews the first. */
  groups: Array<Array<{ userId: string; questions: Question[] }>>;
  satOut: string | undefined;
  skipped: string[];
  /** Pool members found to have left the server: not paired. */
  departed: string[];
  repeats: number;
  poolSize: number;
}

/** Who the pool is, with priority for members who sat out or were in a trio last round. */
async function poolFor(
  db: Kysely<Database>,
  guildId: string,
): Promise<{ members: InterviewMember[]; skipped: string[]; priority: Set<string> }> {
  const active = await listActiveInterviewMembers(db, guildId);
  const members = active.filter((m) => !m.skipNext);
  const skipped = active.filter((m) => m.skipNext).map((m) => m.userId);
  const priority = new Set<string>();
  const previous = await latestRound(db, guildId);
  if (previous) {
    if (previous.satOutUserId) priority.add(previous.satOutUserId);
    const groups = new Map<number, string[]>();
    for (const row of await listRoundGroupMembers(db, previous.id)) {
      const list = groups.get(row.groupId) ?? [];
      list.push(row.userId);
      groups.set(row.groupId, list);
    }
    for (const ids of groups.values()) if (ids.length >= 3) ids.forEach((id) => priority.add(id));
  }
  return { members, skipped, priority };
}

/** Plans the groups of a round from the pool as it is now; writes nothing (a dry run uses it as is). */
export async function planRound(
  deps: InterviewDeps,
  guildId: string,
  key: string,
  at: Date,
  /** Whether a pool member is still in the server; someone who left is never paired. */
  isPresent: (userId: string) => Promise<boolean> = async () => true,
): Promise<PlannedRound> {
  const pool0 = await poolFor(deps.db, guildId);
  const { skipped, priority } = pool0;
  const members: typeof pool0.members = [];
  const departed: string[] = [];
  for (const member of pool0.members) {
    if (await isPresent(member.userId)) members.push(member);
    else departed.push(member.userId);
  }
  const seed = seedFromString(`${guildId}:${key}`);
  const pool: PoolMember[] = members.map((m) => ({
    memberId: m.userId,
    ...(m.timezone ? { timezone: m.timezone } : {}),
    ...(m.level ? { level: m.level } : {}),
    ...(m.focus ? { focus: m.focus } : {}),
    priority: priority.has(m.userId),
  }));
  const history = await pastGroups(deps.db, guildId, PAIRING_LOOKBACK_ROUNDS);
  const result = pairMembers(pool, history, { seed, at });
  const byId = new Map(members.map((m) => [m.userId, m]));
  const asked = await askedQuestions(deps.db, guildId, result.groups.flat());
  const groups = result.groups.map((ids) =>
    ids.map((userId) => {
      const member = byId.get(userId);
      const random = mulberry32(seedFromString(`${seed}:${userId}`));
      return {
        userId,
        questions: member
          ? questionsFor(deps.questions, member, askedToday(deps.questions, asked.get(userId)), random)
          : [],
      };
    }),
  );
  return {
    key,
    seed,
    groups,
    satOut: result.unpaired[0],
    skipped,
    departed,
    repeats: result.repeats,
    poolSize: pool.length,
  };
}

/** The rows `createRound` writes for a plan. */
export function toNewRound(
  plan: PlannedRound,
  guildId: string,
  channelId: string,
  window: { opensAt: Date; closesAt: Date },
  now: Date,
): NewRoundPlan {
  return {
    round: {
      guildId: guildId,
      key: plan.key,
      channelId: channelId,
      seed: plan.seed,
      opensAt: window.opensAt.getTime(),
      followUpAt: followUpTime(window.opensAt, window.closesAt).getTime(),
      closesAt: window.closesAt.getTime(),
      createdAt: now.getTime(),
      satOutUserId: plan.satOut ?? null,
      skippedCount: plan.skipped.length,
    },
    groups: plan.groups.map((group) =>
      group.map((m) => ({ userId: m.userId, questionIds: m.questions.map((q) => q.id) })),
    ),
    skipped: plan.skipped,
  };
}

// ---- groups, meetings and the no-show rule ----

/** Who a member interviews in their group's rotation: the next one along. */
export function candidateOf<T extends { userId: string }>(
  members: readonly T[],
  userId: string,
): T | undefined {
  const index = members.findIndex((m) => m.userId === userId);
  if (index === -1 || members.length < 2) return undefined;
  return members[(index + 1) % members.length];
}

/** Who interviews a member: the previous one along. */
export function interviewerOf<T extends { userId: string }>(
  members: readonly T[],
  userId: string,
): T | undefined {
  const index = members.findIndex((m) => m.userId === userId);
  if (index === -1 || members.length < 2) return undefined;
  return members[(index - 1 + members.length) % members.length];
}

/**
 * What a round means for one member of a group, from the group's answers:
 * - met: anyone in the group said they met;
 * - missed: the group said it could not meet and this member said nothing (they did not show up);
 * - unknown: nobody answered, or the member answered "couldn't meet" themselves (not a ghost).
 */
export function outcomeFor(
  reports: ReadonlyArray<{ userId: string; outcome: ReportOutcome }>,
  userId: string,
): MeetingOutcome {
  if (reports.some((r) => r.outcome === 'met')) return 'met';
  if (reports.length === 0 || reports.some((r) => r.userId === userId)) return 'unknown';
  return 'missed';
}

/** Each member's outcomes over the rounds ended by `now` since they (re)joined, oldest first. */
export async function meetingHistories(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  members: ReadonlyArray<Pick<InterviewMember, 'userId' | 'joinedAt'>>,
  now: Date,
): Promise<Map<string, MeetingOutcome[]>> {
  const joinedAt = new Map(members.map((m) => [m.userId, m.joinedAt]));
  const rows = (
    await listParticipation(
      db,
      guildId,
      members.map((m) => m.userId),
      now.getTime(),
    )
  ).filter((row) => row.opensAt >= (joinedAt.get(row.userId) ?? 0) && row.state === 'posted');
  const reports = await listReports(db, [...new Set(rows.map((row) => row.groupId))]);
  const byGroup = new Map<number, typeof reports>();
  for (const report of reports) {
    const list = byGroup.get(report.groupId) ?? [];
    list.push(report);
    byGroup.set(report.groupId, list);
  }
  const histories = new Map<string, MeetingOutcome[]>();
  for (const row of rows) {
    const list = histories.get(row.userId) ?? [];
    list.push(outcomeFor(byGroup.get(row.groupId) ?? [], row.userId));
    histories.set(row.userId, list);
  }
  return histories;
}

/** Members of a just-closed round whom the no-show rule moves out of the pool. */
export async function noShowsAfter(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userIds: readonly string[],
  now: Date,
): Promise<string[]> {
  const wanted = new Set(userIds);
  const active = (await listActiveInterviewMembers(deps.db, guildId)).filter((m) => wanted.has(m.userId));
  const histories = await meetingHistories(deps, guildId, active, now);
  return active.filter((m) => isNoShow(histories.get(m.userId) ?? [])).map((m) => m.userId);
}

export interface GroupContext {
  group: InterviewGroup;
  round: InterviewRound;
  members: GroupMember[];
}

/** A group a button points at, refused when it is from another server or the presser is not in it. */
export async function groupFor(
  { db }: Pick<InterviewDeps, 'db'>,
  guildId: string,
  groupId: number,
  userId: string,
): Promise<GroupContext> {
  const group = await getGroup(db, groupId);
  const round = group ? await getRound(db, group.roundId) : undefined;
  if (!group || !round || group.guildId !== guildId) throw new Refusal({ code: 'interview-group-gone' });
  const members = await listGroupMembers(db, groupId);
  if (!members.some((m) => m.userId === userId)) throw new Refusal({ code: 'interview-not-in-group' });
  return { group, round, members };
}

/** Records "we met" or "we couldn't meet" for the presser; refused once the round has ended. */
export async function recordMeeting(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  groupId: number,
  userId: string,
  outcome: ReportOutcome,
  now: Date,
): Promise<GroupContext> {
  const context = await groupFor(deps, guildId, groupId, userId);
  if (context.round.closedAt !== null || context.round.closesAt <= now.getTime())
    throw new Refusal({ code: 'interview-round-ended' });
  await saveReport(deps.db, { guildId, groupId }, userId, outcome, now);
  return context;
}

// ---- feedback ----

export const FeedbackFormSchema = z.object({
  ratings: z.string().default(''),
  strength: z.string().default(''),
  improve: z.string().default(''),
});

const RATINGS_ERROR =
  'Ratings: enter four whole numbers from 1 to 5, for Situation, Task, Action and Result, e.g. "4 3 5 4".';

/**
 * The modal has one ratings box ("4 3 5 4", also "4,3,5,4" or "4354") because Discord allows five inputs and
 * STAR needs four ratings plus two texts. The four numbers then go through the domain's own checks.
 */
export function parseFeedbackForm(fields: unknown): FeedbackResult {
  const form = FeedbackFormSchema.safeParse(fields ?? {});
  if (!form.success) return { ok: false, errors: ['The feedback form is empty.'] };
  const raw = form.data.ratings.trim();
  const parts = /^\d{4}$/.test(raw)
    ? raw.split('')
    : raw
        .split(/[\s,;/|-]+/)
        .map((part) => part.replace(/^[STARstar]\s*[:=]?\s*/, ''))
        .filter((part) => part !== '');
  const parsed = parseFeedback({
    situation: parts[0],
    task: parts[1],
    action: parts[2],
    result: parts[3],
    strength: form.data.strength,
    improve: form.data.improve,
  });
  const ratingProblem = parts.length !== 4 || (!parsed.ok && parsed.errors.some((e) => / rating: /.test(e)));
  if (!ratingProblem) return parsed;
  const textErrors = parsed.ok ? [] : parsed.errors.filter((e) => !/ rating: /.test(e));
  return { ok: false, errors: [RATINGS_ERROR, ...textErrors] };
}

/**
 * The member this one interviews, from the pairs stored with the group (never recomputed from who is
 * left: after a deletion the rotation would shift and feedback reach someone never interviewed).
 */
async function storedCandidate(
  { db }: Pick<InterviewDeps, 'db'>,
  context: GroupContext,
  interviewerId: string,
): Promise<GroupMember> {
  const candidateId = await getCandidate(db, context.group.id, interviewerId);
  const candidate = context.members.find((m) => m.userId === candidateId);
  if (!candidate) throw new Refusal({ code: 'interview-candidate-gone' });
  return candidate;
}

export interface FeedbackTarget extends GroupContext {
  candidateId: string;
  existing: Feedback | undefined;
}

/** The candidate the presser interviewed (the next one in the rotation) and any feedback already given. */
export async function feedbackTarget(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  groupId: number,
  giverId: string,
): Promise<FeedbackTarget> {
  const context = await groupFor(deps, guildId, groupId, giverId);
  const candidate = await storedCandidate(deps, context, giverId);
  const existing = await getFeedback(deps.db, groupId, giverId, candidate.userId);
  return { ...context, candidateId: candidate.userId, existing };
}

/** Validates and stores feedback; nothing is stored when a field is wrong. Giving feedback counts as "we met". */
export async function submitFeedback(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  groupId: number,
  giverId: string,
  fields: unknown,
  now: Date,
): Promise<FeedbackTarget & { created: boolean; feedback: Feedback }> {
  const target = await feedbackTarget(deps, guildId, groupId, giverId);
  const parsed = parseFeedbackForm(fields);
  if (!parsed.ok) throw new Refusal({ code: 'interview-feedback-invalid', problems: parsed.errors });
  const { created } = await saveFeedback(
    deps.db,
    { groupId, roundId: target.round.id, guildId, giverId, candidateId: target.candidateId },
    parsed.value,
    now,
  );
  if (target.round.closedAt === null)
    await saveReportIfMissing(deps.db, { guildId, groupId }, giverId, 'met', now);
  const feedback = await getFeedback(deps.db, groupId, giverId, target.candidateId);
  if (!feedback) throw new Error(`Feedback for group ${groupId} vanished after saving`);
  return { ...target, created, feedback };
}

/** The feedback the presser received in this group: shown to them alone. */
export async function feedbackForMe(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  groupId: number,
  userId: string,
): Promise<Feedback[]> {
  await groupFor(deps, guildId, groupId, userId);
  return listFeedbackReceived(deps.db, guildId, userId, { groupId });
}

/** What the presser needs to interview their candidate: the questions, follow-ups and what to look for. */
export async function interviewerNotes(
  deps: InterviewDeps,
  guildId: string,
  groupId: number,
  userId: string,
): Promise<{ candidateId: string; questions: Question[] }> {
  const context = await groupFor(deps, guildId, groupId, userId);
  const candidate = await storedCandidate(deps, context, userId);
  return { candidateId: candidate.userId, questions: questionsOf(deps.questions, candidate) };
}

export function questionsOf(bank: QuestionBank, member: Pick<GroupMember, 'questionIds'>): Question[] {
  return member.questionIds.map((id) => findQuestion(bank, id)).filter((q): q is Question => q !== undefined);
}

// ---- status, history, practice ----

export interface MemberStatus {
  member: InterviewMember | undefined;
  config: InterviewConfig | undefined;
  nextRoundAt: Date | undefined;
  current:
    | { roundKey: string; closesAt: number; threadId: string | null; partnerIds: string[]; state: string }
    | undefined;
  missesInARow: number;
}

export async function memberStatus(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
  now: Date,
): Promise<MemberStatus> {
  const [member, config] = await Promise.all([
    getInterviewMember(deps.db, guildId, userId),
    getInterviewConfig(deps.db, guildId),
  ]);
  let nextAt: Date | undefined;
  if (config) {
    const cycle = cycleAt(scheduleOf(config), config.anchorKey, now);
    nextAt = nextRoundAt(config, (await getRoundByKey(deps.db, guildId, cycle.key)) !== undefined, now);
  }
  const [latest] = await listMemberGroups(deps.db, guildId, userId, 1);
  let current: MemberStatus['current'];
  if (latest && latest.closedAt === null) {
    const members = await listGroupMembers(deps.db, latest.groupId);
    current = {
      roundKey: latest.roundKey,
      closesAt: latest.closesAt,
      threadId: latest.threadId,
      partnerIds: members.map((m) => m.userId).filter((id) => id !== userId),
      state: latest.state,
    };
  }
  const history = member?.active
    ? ((await meetingHistories(deps, guildId, [member], now)).get(userId) ?? [])
    : [];
  return { member, config, nextRoundAt: nextAt, current, missesInARow: trailingMisses(history) };
}

export interface HistoryEntry {
  roundKey: string;
  partnerIds: string[];
  outcome: MeetingOutcome | 'in-progress' | 'not-started';
  threadId: string | null;
}

export interface MemberHistory {
  rounds: HistoryEntry[];
  feedback: ReceivedFeedback[];
  averages: StarAverages;
}

/** Past partners, the feedback the member received and their average per STAR part. */
export async function memberHistory(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
  userId: string,
): Promise<MemberHistory> {
  const groups = await listMemberGroups(deps.db, guildId, userId, 25);
  const members = await listMembersOfGroups(
    deps.db,
    groups.map((g) => g.groupId),
  );
  const reports = await listReports(
    deps.db,
    groups.map((g) => g.groupId),
  );
  const rounds: HistoryEntry[] = groups.map((g) => ({
    roundKey: g.roundKey,
    partnerIds: members.filter((m) => m.groupId === g.groupId && m.userId !== userId).map((m) => m.userId),
    outcome:
      g.state !== 'posted'
        ? 'not-started'
        : g.closedAt === null
          ? 'in-progress'
          : outcomeFor(
              reports.filter((r) => r.groupId === g.groupId),
              userId,
            ),
    threadId: g.threadId,
  }));
  const feedback = await listFeedbackReceived(deps.db, guildId, userId);
  return { rounds, feedback, averages: averages(feedback) };
}

/** A practice question, preferring ones the member has not been asked in a mock interview. */
export async function practiceQuestion(
  deps: InterviewDeps,
  guildId: string,
  userId: string,
  competency: Competency | undefined,
  random: () => number,
): Promise<Question> {
  const asked = askedToday(deps.questions, (await askedQuestions(deps.db, guildId, [userId])).get(userId));
  const [question] = pickQuestions(deps.questions, {
    count: 1,
    exclude: asked,
    random,
    ...(competency ? { competency } : {}),
  });
  if (!question) throw new Refusal({ code: 'interview-no-question' });
  return question;
}

export const CompetencyOptionSchema = z.enum(COMPETENCIES, { error: 'Choose a competency from the list.' });

// ---- statistics ----

export interface InterviewStats extends InterviewCounts {
  /** Share of finished groups that reported meeting, or null before any round finished. */
  meetingRate: number | null;
}

export async function interviewStats(
  deps: Pick<InterviewDeps, 'db'>,
  guildId: string,
): Promise<InterviewStats> {
  const counts = await interviewCounts(deps.db, guildId);
  return {
    ...counts,
    meetingRate: counts.finishedGroups === 0 ? null : counts.finishedGroupsMet / counts.finishedGroups,
  };
}
