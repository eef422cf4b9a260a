import { describe, expect, it } from 'vitest';
import { parseFeedbackForm } from '../../src/domain/interviews/feedback-form.js';

describe('the feedback form', () => {
  const texts = { strength: 'Clear', improve: 'Say I' };

  it('reads the ratings box in the forms people type', () => {
    for (const ratings of [
      '4 3 5 4',
      '4,3,5,4',
      '4354',
      'S4 T3 A5 R4',
      ' 4 / 3 / 5 / 4 ',
      's:4 t=3 a5 r 4',
    ]) {
      expect(parseFeedbackForm({ ratings, ...texts })).toEqual({
        ok: true,
        value: { situation: 4, task: 3, action: 5, result: 4, ...texts },
      });
    }
  });

  it('explains a ratings box it cannot read, once', () => {
    for (const ratings of ['4 3 5', '4 3 5 6', '0 1 2 3', 'four', '4.5 3 5 4', '', '4 3 5 4 4']) {
      const result = parseFeedbackForm({ ratings, ...texts });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.errors[0]).toMatch(/four whole numbers from 1 to 5/);
        expect(result.errors).toHaveLength(1);
      }
    }
  });

  it('lists every problem: the ratings, then each text', () => {
    expect(parseFeedbackForm({ ratings: '9', strength: '', improve: 'x'.repeat(501) })).toEqual({
      ok: false,
      errors: [
        expect.stringMatching(/^Ratings:/),
        'What went well: this field is required.',
        'What to improve: please keep it to 500 characters or fewer.',
      ],
    });
  });

  it('reads a missing or malformed form as empty', () => {
    expect(parseFeedbackForm(undefined)).toMatchObject({ ok: false });
    expect(parseFeedbackForm({ ratings: 4 })).toEqual({ ok: false, errors: ['The feedback form is empty.'] });
  });
});
