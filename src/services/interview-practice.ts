import { askedQuestions } from '../db/repositories/interviews/groups.js';
import { askedToday } from '../domain/interviews/questions.js';
import { pickQuestions } from '../domain/questions/pick.js';
import type { Competency, Question } from '../domain/questions/schema.js';
import { Refusal } from '../domain/refusal.js';
import type { InterviewDeps } from './interview-config.js';

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
