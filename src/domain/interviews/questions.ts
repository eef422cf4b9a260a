import {
  currentQuestionId,
  findQuestion,
  pickQuestions,
  questionsFor as questionsForCompetency,
} from '../questions/pick.js';
import type { Competency, Question, QuestionBank } from '../questions/schema.js';

/** Two questions per candidate: one per half of a 45–60 minute session. */
export const QUESTIONS_PER_CANDIDATE = 2;

/** Ids a member was asked, with retired ids read as the questions that replaced them. */
export function askedToday(bank: QuestionBank, asked: ReadonlySet<string> | undefined): Set<string> {
  return new Set([...(asked ?? [])].map((id) => currentQuestionId(bank, id)));
}

/** The competency a member's free-text focus names (by id, name or id with a space), if any. */
export function competencyByName(bank: QuestionBank, focus: string | null): Competency | undefined {
  const wanted = focus?.trim().toLowerCase();
  if (!wanted) return undefined;
  return bank.competencies.find(
    (c) => c.id === wanted || c.name.toLowerCase() === wanted || c.id.replace('-', ' ') === wanted,
  )?.id;
}

/**
 * Questions for one candidate: never one they were asked before while the bank has others, and the first
 * from their focus competency when they named one.
 */
export function questionsFor(
  bank: QuestionBank,
  member: { focus: string | null },
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

/** The questions a group member answers as the candidate; ids no longer in the bank are left out. */
export function questionsOf(bank: QuestionBank, member: { questionIds: readonly string[] }): Question[] {
  return member.questionIds.map((id) => findQuestion(bank, id)).filter((q): q is Question => q !== undefined);
}

/** Competencies whose id or name contains what the member typed, in the bank's order (all for nothing typed). */
export function competenciesMatching(
  bank: Pick<QuestionBank, 'competencies'>,
  typed: string,
): Array<{ id: Competency; name: string }> {
  const wanted = typed.trim().toLowerCase();
  return bank.competencies
    .filter((c) => wanted === '' || c.id.includes(wanted) || c.name.toLowerCase().includes(wanted))
    .map((c) => ({ id: c.id, name: c.name }));
}
