import {
  getCandidate,
  getFeedback,
  listFeedbackReceived,
  saveFeedback,
} from '../db/repositories/interviews/feedback.js';
import { saveReportIfMissing } from '../db/repositories/interviews/reports.js';
import { parseFeedbackForm } from '../domain/interviews/feedback-form.js';
import { questionsOf } from '../domain/interviews/questions.js';
import type { Feedback, GroupMember } from '../domain/interviews/types.js';
import type { Question } from '../domain/questions/schema.js';
import { Refusal } from '../domain/refusal.js';
import type { InterviewDeps } from './interview-config.js';
import { groupFor, type GroupContext } from './interview-meetings.js';

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
