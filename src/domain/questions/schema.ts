import { z } from 'zod';

export const COMPETENCIES = [
  'teamwork',
  'conflict',
  'failure',
  'ownership',
  'problem-solving',
  'adaptability',
  'communication',
  'leadership',
  'learning',
  // Second edition: the screening call, and three competencies junior backend interviews probe.
  'screening',
  'user-focus',
  'quality',
  'prioritising',
] as const;

export type Competency = (typeof COMPETENCIES)[number];

export const MIN_QUESTIONS_PER_COMPETENCY = 6;

export const QUESTION_LIMITS = {
  text: 300,
  followUp: 200,
  followUpsMin: 2,
  followUpsMax: 2,
  lookFor: 300,
  /** Each of the four beats of the strong-answer outline. */
  outlinePart: 110,
  redFlag: 150,
  redFlagsMin: 1,
  redFlagsMax: 2,
} as const;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const CompetencySchema = z.enum(COMPETENCIES);

export const CompetencyInfoSchema = z.strictObject({
  id: CompetencySchema,
  name: text(40),
  description: text(200),
});

export const QuestionSchema = z.strictObject({
  // Stored with each mock-interview answer, so ids never change once published.
  id: z.string().regex(/^[a-z]+(?:-[a-z]+)*-\d{2}$/, 'must look like "teamwork-01"'),
  competency: CompetencySchema,
  text: text(QUESTION_LIMITS.text),
  followUps: z
    .array(text(QUESTION_LIMITS.followUp))
    .min(QUESTION_LIMITS.followUpsMin)
    .max(QUESTION_LIMITS.followUpsMax),
  lookFor: text(QUESTION_LIMITS.lookFor),
  /**
   * For the interviewer only ("My interviewer notes"): what a strong STAR answer contains, beat by beat.
   * Never shown to the candidate before the interview, so practice cards leave it out.
   */
  strongAnswer: z.strictObject({
    situation: text(QUESTION_LIMITS.outlinePart),
    task: text(QUESTION_LIMITS.outlinePart),
    action: text(QUESTION_LIMITS.outlinePart),
    result: text(QUESTION_LIMITS.outlinePart),
  }),
  /** Interviewer only: signs of a weak or worrying answer. */
  redFlags: z
    .array(text(QUESTION_LIMITS.redFlag))
    .min(QUESTION_LIMITS.redFlagsMin)
    .max(QUESTION_LIMITS.redFlagsMax),
});

/**
 * A question taken out of the bank. Its id may still sit in members' history and in rounds under way, so it
 * points at the question that now covers the same ground; lookups by id follow it.
 */
export const RetiredQuestionSchema = z.strictObject({
  id: z.string().regex(/^[a-z]+(?:-[a-z]+)*-\d{2}$/, 'must look like "teamwork-01"'),
  replacedBy: z.string().regex(/^[a-z]+(?:-[a-z]+)*-\d{2}$/, 'must look like "teamwork-01"'),
  reason: text(200),
});

export const BehaviouralFileSchema = z.strictObject({
  /** Bumped when the bank changes in substance (questions added, retired or rewritten). */
  edition: z.number().int().min(1),
  competencies: z.array(CompetencyInfoSchema).min(1),
  questions: z.array(QuestionSchema).min(1),
  retired: z.array(RetiredQuestionSchema),
});

const STAR_LETTERS = ['S', 'T', 'A', 'R'] as const;

export const StarPartSchema = z.strictObject({
  letter: z.enum(STAR_LETTERS),
  name: text(20),
  description: text(150),
  tip: text(250),
});

export const StarGuideSchema = z
  .strictObject({
    title: text(80),
    intro: text(300),
    parts: z.array(StarPartSchema).length(4),
    tips: z.array(text(250)).min(2).max(3),
  })
  .superRefine((guide, ctx) => {
    guide.parts.forEach((part, i) => {
      if (part.letter !== STAR_LETTERS[i]) {
        ctx.addIssue({
          code: 'custom',
          path: ['parts', i, 'letter'],
          message: `parts must be in S, T, A, R order; expected "${STAR_LETTERS[i] ?? '?'}" here`,
        });
      }
    });
  });

export const QuestionBankSchema = BehaviouralFileSchema.extend({ starGuide: StarGuideSchema }).superRefine(
  (bank, ctx) => {
    const listed = new Set<string>();
    bank.competencies.forEach((c, i) => {
      if (listed.has(c.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', i, 'id'],
          message: `duplicate competency "${c.id}"`,
        });
      }
      listed.add(c.id);
    });

    const ids = new Set<string>();
    const perCompetency = new Map<string, number>();
    bank.questions.forEach((q, i) => {
      if (ids.has(q.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: `duplicate question id "${q.id}"`,
        });
      }
      ids.add(q.id);
      if (!q.id.startsWith(`${q.competency}-`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: `must start with its competency ("${q.competency}-")`,
        });
      }
      if (!listed.has(q.competency)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'competency'],
          message: `competency "${q.competency}" is not listed under "competencies"`,
        });
      }
      perCompetency.set(q.competency, (perCompetency.get(q.competency) ?? 0) + 1);
    });

    bank.retired.forEach((r, i) => {
      if (ids.has(r.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['retired', i, 'id'],
          message: `"${r.id}" is retired but still among the questions`,
        });
      }
      if (!ids.has(r.replacedBy)) {
        ctx.addIssue({
          code: 'custom',
          path: ['retired', i, 'replacedBy'],
          message: `"${r.replacedBy}" is not a question in the bank`,
        });
      }
    });

    bank.competencies.forEach((c, i) => {
      const count = perCompetency.get(c.id) ?? 0;
      if (count < MIN_QUESTIONS_PER_COMPETENCY) {
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', i],
          message: `"${c.id}" has ${count} questions; at least ${MIN_QUESTIONS_PER_COMPETENCY} are needed`,
        });
      }
    });
  },
);

export type CompetencyInfo = z.infer<typeof CompetencyInfoSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type RetiredQuestion = z.infer<typeof RetiredQuestionSchema>;
export type StarPart = z.infer<typeof StarPartSchema>;
export type StarGuide = z.infer<typeof StarGuideSchema>;
export type QuestionBank = z.infer<typeof QuestionBankSchema>;
