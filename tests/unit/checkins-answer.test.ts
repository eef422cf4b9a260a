import { describe, expect, it } from 'vitest';
import { parseCheckinAnswer } from '../../src/domain/checkins/answer.js';

const valid = {
  done: ' Built a REST API ',
  nextGoal: 'Apply to 5 jobs',
  blockers: '',
  applications: '3',
  interviews: '',
};

describe('parseCheckinAnswer', () => {
  it('accepts and normalises a complete answer', () => {
    expect(parseCheckinAnswer(valid)).toEqual({
      ok: true,
      value: {
        done: 'Built a REST API',
        nextGoal: 'Apply to 5 jobs',
        blockers: null,
        applications: 3,
        interviews: null,
      },
    });
  });

  it('treats missing optional fields as not given', () => {
    const result = parseCheckinAnswer({ done: 'x', nextGoal: 'y' });
    expect(result).toEqual({
      ok: true,
      value: { done: 'x', nextGoal: 'y', blockers: null, applications: null, interviews: null },
    });
  });

  it('keeps blockers and counts at their limits', () => {
    const result = parseCheckinAnswer({
      ...valid,
      done: 'd'.repeat(1000),
      nextGoal: 'g'.repeat(500),
      blockers: ' b'.repeat(250),
      applications: '0',
      interviews: ' 1000 ',
    });
    expect(result.ok && result.value).toMatchObject({
      applications: 0,
      interviews: 1000,
      blockers: 'b' + ' b'.repeat(249),
    });
  });

  it.each(['-1', 'abc', '2.5', '1001', '+3', '1e2', '3 apps', '0x10'])(
    'rejects applications %j with a friendly message',
    (applications) => {
      const result = parseCheckinAnswer({ ...valid, applications });
      expect(result).toEqual({
        ok: false,
        errors: ['Applications sent: enter a whole number from 0 to 1000, or leave it empty.'],
      });
    },
  );

  it('reports every invalid field, one message each', () => {
    const result = parseCheckinAnswer({
      done: '   ',
      nextGoal: 'g'.repeat(501),
      blockers: 'b'.repeat(501),
      applications: '-1',
      interviews: 'many',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      'What you did this week: this field is required.',
      'Goal for next week: please keep it to 500 characters or fewer.',
      'Blockers: please keep it to 500 characters or fewer.',
      'Applications sent: enter a whole number from 0 to 1000, or leave it empty.',
      'Interviews: enter a whole number from 0 to 1000, or leave it empty.',
    ]);
  });

  it('rejects text that is too long after trimming only', () => {
    expect(parseCheckinAnswer({ ...valid, done: ` ${'d'.repeat(1000)} ` }).ok).toBe(true);
    expect(parseCheckinAnswer({ ...valid, done: 'd'.repeat(1001) }).ok).toBe(false);
  });

  it('handles missing required fields and garbage input', () => {
    expect(parseCheckinAnswer({})).toEqual({
      ok: false,
      errors: [
        'What you did this week: this field is required.',
        'Goal for next week: this field is required.',
      ],
    });
    expect(parseCheckinAnswer(null)).toEqual({ ok: false, errors: ['The check-in form is empty.'] });
  });
});
