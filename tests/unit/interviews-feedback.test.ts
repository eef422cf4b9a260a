import { describe, expect, it } from 'vitest';
import { averages, parseFeedback } from '../../src/domain/interviews/feedback.js';

const valid = {
  situation: '4',
  task: '3',
  action: ' 5 ',
  result: '1',
  strength: ' Clear story ',
  improve: 'Quantify the result',
};

describe('parseFeedback', () => {
  it('accepts ratings as strings and trims text', () => {
    expect(parseFeedback(valid)).toEqual({
      ok: true,
      value: {
        situation: 4,
        task: 3,
        action: 5,
        result: 1,
        strength: 'Clear story',
        improve: 'Quantify the result',
      },
    });
  });

  it.each(['0', '6', '', 'five', '2.5', '-1', '05', '3/5'])(
    'rejects rating %j naming the field',
    (rating) => {
      expect(parseFeedback({ ...valid, task: rating })).toEqual({
        ok: false,
        errors: ['Task rating: enter a whole number from 1 to 5.'],
      });
    },
  );

  it('reports every field problem', () => {
    const result = parseFeedback({
      situation: '9',
      task: '3',
      action: 'x',
      strength: '  ',
      improve: 'i'.repeat(501),
    });
    expect(!result.ok && result.errors).toEqual([
      'Situation rating: enter a whole number from 1 to 5.',
      'Action rating: enter a whole number from 1 to 5.',
      'Result rating: enter a whole number from 1 to 5.',
      'What went well: this field is required.',
      'What to improve: please keep it to 500 characters or fewer.',
    ]);
    expect(parseFeedback(undefined)).toEqual({ ok: false, errors: ['The feedback form is empty.'] });
  });

  it('accepts text at the 500-character limit', () => {
    expect(parseFeedback({ ...valid, strength: 's'.repeat(500), improve: 'i' }).ok).toBe(true);
  });
});

describe('averages', () => {
  it('averages each STAR part', () => {
    expect(
      averages([
        { situation: 4, task: 3, action: 5, result: 1 },
        { situation: 2, task: 3, action: 4, result: 2 },
      ]),
    ).toEqual({ averages: { situation: 3, task: 3, action: 4.5, result: 1.5 }, count: 2 });
  });

  it('returns nulls without feedback', () => {
    expect(averages([])).toEqual({
      averages: { situation: null, task: null, action: null, result: null },
      count: 0,
    });
  });
});
