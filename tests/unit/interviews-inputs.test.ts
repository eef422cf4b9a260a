import { describe, expect, it } from 'vitest';
import { validateJoin, validateSetup } from '../../src/domain/interviews/inputs.js';
import { Refusal } from '../../src/domain/refusal.js';

function refusalOf(run: () => unknown): Refusal {
  try {
    run();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const setup = {
  channelId: '300000000000000000',
  weekday: 'friday',
  time: '18:00',
  timezone: 'Europe/Paris',
  cadence: 'biweekly' as const,
};

describe('setup options', () => {
  it('accepts a channel, a day, a time, a zone and a cadence', () => {
    expect(validateSetup(setup)).toMatchObject({ channelId: setup.channelId, cadence: 'biweekly' });
  });

  it('lists every problem at once', () => {
    const refusal = refusalOf(() =>
      validateSetup({ ...setup, channelId: 'general', time: '25:00', cadence: 'daily' as 'weekly' }),
    );
    expect(refusal.reason).toMatchObject({ code: 'interviews-setup-invalid' });
    const problems = refusal.reason.code === 'interviews-setup-invalid' ? refusal.reason.problems : [];
    expect(problems).toHaveLength(3);
    expect(problems).toContain('Choose a text channel.');
    expect(problems).toContain('Choose weekly or every two weeks.');
  });
});

describe('join options', () => {
  it('trims the focus and leaves out what was not given', () => {
    expect(validateJoin({ focus: '  teamwork ' })).toEqual({ focus: 'teamwork' });
    expect(validateJoin({})).toEqual({});
  });

  it('refuses a blank or long focus and an unknown level', () => {
    const refusal = refusalOf(() => validateJoin({ focus: 'x'.repeat(51), level: 'expert' as 'beginner' }));
    expect(refusal.reason).toEqual({
      code: 'interviews-join-invalid',
      problems: [
        'Focus: keep it to 50 characters or fewer.',
        'Level: choose beginner, intermediate or advanced.',
      ],
    });
    expect(refusalOf(() => validateJoin({ focus: '   ' })).reason).toMatchObject({
      code: 'interviews-join-invalid',
    });
  });
});
