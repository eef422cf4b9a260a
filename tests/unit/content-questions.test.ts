import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, defaultDataDir, loadQuestionBank } from '../../src/content/load.js';
import {
  COMPETENCIES,
  MIN_QUESTIONS_PER_COMPETENCY,
  QuestionBankSchema,
} from '../../src/domain/questions/schema.js';
import type { QuestionBank } from '../../src/domain/questions/schema.js';
import { findQuestion, questionsFor } from '../../src/domain/questions/pick.js';

const dataDir = defaultDataDir();
const bank = loadQuestionBank();
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8')) as unknown;

describe('question bank content', () => {
  it('loads the real files', () => {
    expect(bank.questions.length).toBeGreaterThanOrEqual(COMPETENCIES.length * MIN_QUESTIONS_PER_COMPETENCY);
    expect(bank.starGuide.parts.map((p) => p.letter).join('')).toBe('STAR');
  });

  it('has unique ids that start with their competency', () => {
    const ids = bank.questions.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const q of bank.questions) expect(q.id.startsWith(`${q.competency}-`)).toBe(true);
  });

  it('has at least six questions for every competency', () => {
    for (const competency of COMPETENCIES) {
      expect(questionsFor(bank, competency).length, competency).toBeGreaterThanOrEqual(6);
    }
    expect(bank.competencies.map((c) => c.id)).toEqual([...COMPETENCIES]);
  });

  it('has at least 70 questions over at least 10 competencies (second edition)', () => {
    expect(bank.edition).toBeGreaterThanOrEqual(2);
    expect(bank.questions.length).toBeGreaterThanOrEqual(70);
    expect(new Set(bank.questions.map((q) => q.competency)).size).toBeGreaterThanOrEqual(10);
  });

  it('has a screening set and questions on user focus, quality under pressure and prioritising', () => {
    const texts = questionsFor(bank, 'screening').map((q) => q.text.toLowerCase());
    for (const wanted of [
      'tell me about yourself',
      'why backend',
      'why do you want to work at',
      'proudest',
    ]) {
      expect(
        texts.some((t) => t.includes(wanted)),
        wanted,
      ).toBe(true);
    }
    for (const competency of ['user-focus', 'quality', 'prioritising'] as const) {
      expect(questionsFor(bank, competency).length, competency).toBeGreaterThanOrEqual(6);
    }
  });

  it('gives every question exactly two distinct follow-ups, a four-beat strong answer and red flags', () => {
    for (const q of bank.questions) {
      expect(q.followUps, q.id).toHaveLength(2);
      expect(new Set(q.followUps).size, q.id).toBe(2);
      expect(Object.keys(q.strongAnswer), q.id).toEqual(['situation', 'task', 'action', 'result']);
      expect(q.redFlags.length, q.id).toBeGreaterThanOrEqual(1);
      expect(q.redFlags.length, q.id).toBeLessThanOrEqual(2);
    }
  });

  it('no longer asks the overlapping questions the first edition had', () => {
    const ids = new Set(bank.questions.map((q) => q.id));
    for (const overlap of ['teamwork-04', 'conflict-03', 'leadership-03', 'leadership-05', 'failure-05']) {
      expect(ids.has(overlap), overlap).toBe(false);
    }
  });

  it('follows a retired id to the question that replaced it, so stored history still resolves', () => {
    expect(findQuestion(bank, 'teamwork-04')?.id).toBe('learning-03');
    expect(findQuestion(bank, 'leadership-05')?.id).toBe('conflict-01');
    expect(findQuestion(bank, 'failure-05')?.id).toBe('failure-02');
  });

  it('finds a question by id', () => {
    expect(findQuestion(bank, 'teamwork-01')?.competency).toBe('teamwork');
    expect(findQuestion(bank, 'teamwork-99')).toBeUndefined();
  });
});

describe('QuestionBankSchema cross-checks', () => {
  const clone = (): QuestionBank => structuredClone(bank);
  const messages = (value: unknown): string =>
    (QuestionBankSchema.safeParse(value).error?.issues ?? []).map((i) => i.message).join('\n');

  it('accepts the real bank', () => {
    expect(messages(bank)).toBe('');
  });

  it('rejects duplicate ids', () => {
    const b = clone();
    const [first, second] = b.questions;
    if (first && second) second.id = first.id;
    expect(messages(b)).toMatch(/duplicate question id/);
  });

  it('rejects a competency with fewer than six questions', () => {
    const b = clone();
    b.questions = b.questions.filter((q) => q.id !== 'conflict-01');
    expect(messages(b)).toMatch(/"conflict" has 5 questions/);
  });

  it('rejects an id that does not match its competency', () => {
    const b = clone();
    const q = b.questions[0];
    if (q) q.competency = 'leadership';
    expect(messages(b)).toMatch(/must start with its competency/);
  });

  it('rejects a retired id still in the bank, or one replaced by an unknown question', () => {
    const b = clone();
    const first = b.retired[0];
    if (first) first.replacedBy = 'teamwork-99';
    const q = b.questions[0];
    const second = b.retired[1];
    if (q && second) second.id = q.id;
    const m = messages(b);
    expect(m).toMatch(/"teamwork-99" is not a question in the bank/);
    expect(m).toMatch(/is retired but still among the questions/);
  });

  it('rejects a question without red flags or with three follow-ups', () => {
    const b = clone();
    const q = b.questions[0];
    if (q) {
      q.redFlags = [];
      q.followUps = ['a', 'b', 'c'];
    }
    expect(QuestionBankSchema.safeParse(b).error?.issues.map((i) => i.path.join('.'))).toEqual([
      'questions.0.followUps',
      'questions.0.redFlags',
    ]);
  });

  it('rejects a STAR guide out of order', () => {
    const b = clone();
    b.starGuide.parts.reverse();
    expect(messages(b)).toMatch(/S, T, A, R order/);
  });
});

describe('Discord size budget', () => {
  it('fits a question card: text as description, follow-ups and what to look for as fields', () => {
    for (const q of bank.questions) {
      const followUps = q.followUps.map((f) => `• ${f}`).join('\n');
      const title = `🎤 ${q.competency} · ${q.id} · question 10/10`;
      expect(title.length).toBeLessThanOrEqual(256);
      expect(followUps.length, q.id).toBeLessThanOrEqual(1024);
      expect(q.lookFor.length, q.id).toBeLessThanOrEqual(1024);
      expect(q.text.length, q.id).toBeLessThanOrEqual(1024);
      const total = title.length + q.text.length + followUps.length + q.lookFor.length + 400;
      expect(total, q.id).toBeLessThanOrEqual(6000);
    }
  });

  it('fits the interviewer notes: two fields per question, and the two longest questions in one embed', () => {
    const main = (q: QuestionBank['questions'][number]) =>
      [`**${q.text}**`, 'Follow-ups:', ...q.followUps.map((f) => `• ${f}`), `Listen for: ${q.lookFor}`].join(
        '\n',
      );
    const outline = (q: QuestionBank['questions'][number]) =>
      [
        ...Object.values(q.strongAnswer).map((beat) => `**S** ${beat}`),
        `🚩 Red flags: ${q.redFlags.join(' · ')}`,
      ].join('\n');
    const sizes = bank.questions.map((q) => {
      expect(main(q).length, q.id).toBeLessThanOrEqual(1024);
      expect(outline(q).length, q.id).toBeLessThanOrEqual(1024);
      return main(q).length + outline(q).length + 60;
    });
    const [a = 0, b = 0] = sizes.sort((x, y) => y - x);
    expect(a + b + 400).toBeLessThanOrEqual(6000);
  });

  it('fits the STAR guide in one embed', () => {
    const g = bank.starGuide;
    const fields = [
      ...g.parts.map((p) => ({
        name: `${p.letter} · ${p.name}`,
        value: `${p.description}\n*Tip:* ${p.tip}`,
      })),
      { name: 'Tips', value: g.tips.map((t) => `• ${t}`).join('\n') },
    ];
    for (const f of fields) expect(f.value.length).toBeLessThanOrEqual(1024);
    const total =
      g.title.length + g.intro.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });
});

describe('loader errors', () => {
  let tmp: string | undefined;
  afterEach(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    tmp = undefined;
  });
  const copy = (): string => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'stepwise-questions-'));
    cpSync(dataDir, tmp, { recursive: true, filter: (src) => !/\.sqlite/.test(src) });
    return tmp;
  };
  const loadError = (dir: string): ContentError => {
    try {
      loadQuestionBank(dir);
    } catch (error) {
      if (error instanceof ContentError) return error;
      throw error;
    }
    throw new Error('expected loadQuestionBank to fail');
  };
  const editBehavioural = (dir: string, change: (json: { questions: Record<string, unknown>[] }) => void) => {
    const file = path.join(dir, 'questions', 'behavioural.json');
    const json = readJson(file) as { questions: Record<string, unknown>[] };
    change(json);
    writeFileSync(file, JSON.stringify(json));
  };

  it('names file and path of a too-long question', () => {
    const dir = copy();
    editBehavioural(dir, (json) => {
      const q = json.questions[4];
      if (q) q.text = 'w'.repeat(301);
    });
    expect(loadError(dir).message).toContain(
      'questions/behavioural.json → questions[4].text: is too long: at most 300 characters (has 301)',
    );
  });

  it('names file and path of a duplicate id', () => {
    const dir = copy();
    editBehavioural(dir, (json) => {
      const q = json.questions[1];
      if (q) q.id = 'teamwork-01';
    });
    expect(loadError(dir).message).toContain(
      'questions/behavioural.json → questions[1].id: duplicate question id "teamwork-01"',
    );
  });

  it('names the STAR guide file', () => {
    const dir = copy();
    const file = path.join(dir, 'questions', 'star-guide.json');
    const json = readJson(file) as { tips: string[] };
    json.tips = ['only one'];
    writeFileSync(file, JSON.stringify(json));
    expect(loadError(dir).message).toContain(
      'questions/star-guide.json → tips: needs at least 2 entries (has 1)',
    );
  });

  it('reports a missing file', () => {
    const dir = copy();
    rmSync(path.join(dir, 'questions', 'behavioural.json'));
    expect(loadError(dir).message).toContain('questions/behavioural.json: file is missing');
  });
});
