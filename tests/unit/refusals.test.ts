import { describe, expect, it } from 'vitest';
import { Refusal, type RefusalCode, type RefusalReason } from '../../src/domain/refusal.js';
import { UserFacingError } from '../../src/discord/errors.js';
import { renderRefusal } from '../../src/discord/render/refusals.js';

/** One example of every reason: a new code without an example fails to compile here. */
const EXAMPLES: { [C in RefusalCode]: Extract<RefusalReason, { code: C }> } = {
  'checkins-not-set-up': { code: 'checkins-not-set-up' },
  'checkins-setup-invalid': { code: 'checkins-setup-invalid', problems: ['Time: use HH:MM.'] },
  'checkins-not-joined': { code: 'checkins-not-joined' },
  'checkins-pause-weeks': { code: 'checkins-pause-weeks', min: 1, max: 8 },
  'checkin-closed': { code: 'checkin-closed', wanted: 'edit' },
  'checkin-answer-invalid': { code: 'checkin-answer-invalid', problems: ['Done: write something.'] },
  'interviews-not-set-up': { code: 'interviews-not-set-up' },
  'interviews-setup-invalid': { code: 'interviews-setup-invalid', problems: ['Choose a text channel.'] },
  'interviews-join-invalid': { code: 'interviews-join-invalid', problems: ['Focus: too long.'] },
  'interviews-not-joined': { code: 'interviews-not-joined' },
  'interview-group-gone': { code: 'interview-group-gone' },
  'interview-not-in-group': { code: 'interview-not-in-group' },
  'interview-round-ended': { code: 'interview-round-ended' },
  'interview-candidate-gone': { code: 'interview-candidate-gone' },
  'interview-feedback-invalid': { code: 'interview-feedback-invalid', problems: ['Ratings: four numbers.'] },
  'interview-no-question': { code: 'interview-no-question' },
  'interview-round-already-ran': {
    code: 'interview-round-already-ran',
    ranAt: new Date('2026-11-20T17:00:00Z'),
    nextAt: new Date('2026-11-27T17:00:00Z'),
  },
  'roadmap-unknown-step': { code: 'roadmap-unknown-step', stepId: 'gone' },
  worded: { code: 'worded', text: 'As worded.' },
};

describe('refusals in words', () => {
  it('gives every reason a sentence of its own, within a message and without placeholders left', () => {
    const texts = Object.values(EXAMPLES).map((reason) => renderRefusal(new Refusal(reason)));
    for (const text of texts) {
      expect(text.length).toBeGreaterThan(5);
      expect(text.length).toBeLessThanOrEqual(2000);
      expect(text).not.toMatch(/undefined|\[object|NaN/);
    }
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('lists each problem of a form on its own line, after saying nothing was saved', () => {
    expect(
      renderRefusal({
        code: 'checkin-answer-invalid',
        problems: ['Done: write something.', 'Goal: too long.'],
      }),
    ).toBe('Nothing was saved:\n• Done: write something.\n• Goal: too long.');
    expect(renderRefusal({ code: 'interview-feedback-invalid', problems: ['Ratings: four numbers.'] })).toBe(
      'Nothing was saved:\n• Ratings: four numbers.\nPress **Give feedback** to try again.',
    );
  });

  it('shows times as Discord timestamps, in each reader’s own zone', () => {
    expect(renderRefusal(EXAMPLES['interview-round-already-ran'])).toBe(
      "This cycle's round already ran (<t:1795194000:f>); the next one starts <t:1795798800:F>.",
    );
  });

  it('keeps a refusal worded by the Discord layer as it is, as a Refusal the dispatcher answers', () => {
    const error = new UserFacingError('This needs the **Manage Server** permission.');
    expect(error).toBeInstanceOf(Refusal);
    expect(renderRefusal(error)).toBe('This needs the **Manage Server** permission.');
  });
});
