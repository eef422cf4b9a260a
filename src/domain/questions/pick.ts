import { COMPETENCIES } from './schema.js';
import type { Competency, Question, QuestionBank } from './schema.js';

export interface PickOptions {
  count: number;
  /** Ids to avoid, e.g. questions the member already answered; used only when nothing else is left. */
  exclude?: ReadonlySet<string>;
  /** Restrict to one competency; otherwise picks are spread across competencies. */
  competency?: Competency;
  /** Source of randomness in [0, 1); pass a seeded generator for reproducible picks. */
  random: () => number;
}

function randomIndex(random: () => number, length: number): number {
  const r = random();
  // Guard against generators that return 1, negatives or NaN.
  const i = Number.isFinite(r) ? Math.floor(r * length) : 0;
  return Math.min(length - 1, Math.max(0, i));
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomIndex(random, i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

const competencyOrder = new Map<string, number>(COMPETENCIES.map((c, i) => [c, i]));

/**
 * Takes up to `n` questions, each time from the competency used least so far (ties broken at random), so a
 * session covers many competencies before repeating one. `used` carries counts across calls.
 */
function spreadPick(
  candidates: readonly Question[],
  n: number,
  random: () => number,
  used: Map<string, number>,
): Question[] {
  const buckets = new Map<string, Question[]>();
  for (const question of shuffled(candidates, random)) {
    const bucket = buckets.get(question.competency);
    if (bucket) bucket.push(question);
    else buckets.set(question.competency, [question]);
  }
  const out: Question[] = [];
  while (out.length < n && buckets.size > 0) {
    // Sorted by the fixed competency order so the result depends only on `random`, not on map insertion.
    const keys = [...buckets.keys()].sort(
      (a, b) => (competencyOrder.get(a) ?? 0) - (competencyOrder.get(b) ?? 0),
    );
    const least = Math.min(...keys.map((k) => used.get(k) ?? 0));
    const tied = keys.filter((k) => (used.get(k) ?? 0) === least);
    const key = tied[randomIndex(random, tied.length)];
    const bucket = key === undefined ? undefined : buckets.get(key);
    const question = bucket?.pop();
    if (key === undefined || !bucket || !question) break;
    out.push(question);
    used.set(key, least + 1);
    if (bucket.length === 0) buckets.delete(key);
  }
  return out;
}

/**
 * Chooses `count` distinct questions for a mock interview. Excluded ids are returned only when there are
 * not enough other questions; competencies are spread evenly; the result is a pure function of the inputs
 * and the sequence `random` yields.
 */
export function pickQuestions(bank: Pick<QuestionBank, 'questions'>, options: PickOptions): Question[] {
  const { exclude = new Set<string>(), competency, random } = options;
  const pool = competency ? bank.questions.filter((q) => q.competency === competency) : bank.questions;
  const wanted = Math.min(pool.length, Math.max(0, Math.floor(options.count)));
  if (wanted === 0) return [];

  const used = new Map<string, number>();
  const fresh = pool.filter((q) => !exclude.has(q.id));
  const picked = spreadPick(fresh, wanted, random, used);
  if (picked.length < wanted) {
    const stale = pool.filter((q) => exclude.has(q.id));
    picked.push(...spreadPick(stale, wanted - picked.length, random, used));
  }
  return picked;
}

/** Questions of one competency, in file order. */
export function questionsFor(bank: Pick<QuestionBank, 'questions'>, competency: Competency): Question[] {
  return bank.questions.filter((q) => q.competency === competency);
}

/** The id a stored question id stands for today: itself, or the question that replaced a retired one. */
export function currentQuestionId(bank: Partial<Pick<QuestionBank, 'retired'>>, id: string): string {
  return bank.retired?.find((r) => r.id === id)?.replacedBy ?? id;
}

/** Finds a question by id; a retired id finds the question that replaced it. */
export function findQuestion(
  bank: Pick<QuestionBank, 'questions'> & Partial<Pick<QuestionBank, 'retired'>>,
  id: string,
): Question | undefined {
  const wanted = currentQuestionId(bank, id);
  return bank.questions.find((q) => q.id === wanted);
}
