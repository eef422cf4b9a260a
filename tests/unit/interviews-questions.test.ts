import { describe, expect, it } from 'vitest';
import { loadQuestionBank } from '../../src/content/load.js';
import {
  askedToday,
  competencyByName,
  questionsFor,
  questionsOf,
  QUESTIONS_PER_CANDIDATE,
} from '../../src/domain/interviews/questions.js';
import { mulberry32 } from '../../src/domain/interviews/random.js';

const bank = loadQuestionBank();
const competencyOf = (id: string) => bank.questions.find((q) => q.id === id)?.competency;

describe('questions for a candidate', () => {
  it('reads a focus by competency id, name or id with a space, in any case', () => {
    expect(competencyByName(bank, 'teamwork')).toBe('teamwork');
    expect(competencyByName(bank, '  Handling Conflict ')).toBe('conflict');
    expect(competencyByName(bank, 'problem solving')).toBe('problem-solving');
    expect(competencyByName(bank, 'system design')).toBeUndefined();
    expect(competencyByName(bank, null)).toBeUndefined();
    expect(competencyByName(bank, '   ')).toBeUndefined();
  });

  it('reads a retired question as the one that replaced it', () => {
    expect(askedToday(bank, new Set(['teamwork-04', 'teamwork-01']))).toEqual(
      new Set(['learning-03', 'teamwork-01']),
    );
    expect(askedToday(bank, undefined)).toEqual(new Set());
  });

  it('gives two fresh questions, the first from the focus and the second from another competency', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const picked = questionsFor(bank, { focus: 'teamwork' }, new Set(), mulberry32(seed));
      expect(picked).toHaveLength(QUESTIONS_PER_CANDIDATE);
      expect(competencyOf(picked[0]!.id)).toBe('teamwork');
      expect(competencyOf(picked[1]!.id)).not.toBe('teamwork');
    }
  });

  it('never repeats a question while the bank has fresh ones', () => {
    const asked = new Set(bank.questions.slice(2).map((q) => q.id));
    const picked = questionsFor(bank, { focus: null }, asked, mulberry32(7)).map((q) => q.id);
    expect(picked.sort()).toEqual([bank.questions[0]!.id, bank.questions[1]!.id].sort());
  });

  it('lets the bank repeat only once every question of it was asked', () => {
    const asked = new Set(bank.questions.slice(1).map((q) => q.id));
    expect(questionsFor(bank, { focus: null }, asked, () => 0.5).map((q) => q.id)[0]).toBe(
      bank.questions[0]!.id,
    );
  });

  it('skips a used-up focus instead of repeating from it', () => {
    const teamwork = bank.questions.filter((q) => q.competency === 'teamwork').map((q) => q.id);
    const picked = questionsFor(bank, { focus: 'teamwork' }, new Set(teamwork), mulberry32(3));
    expect(picked).toHaveLength(2);
    expect(picked.some((q) => teamwork.includes(q.id))).toBe(false);
  });

  it("finds a group member's questions by id, retired ones as their replacement, unknown ones left out", () => {
    expect(
      questionsOf(bank, { questionIds: ['teamwork-01', 'teamwork-04', 'nope-01'] }).map((q) => q.id),
    ).toEqual(['teamwork-01', 'learning-03']);
    expect(questionsOf(bank, { questionIds: [] })).toEqual([]);
  });
});
