import { describe, expect, it } from 'vitest';
import { loadQuestionBank } from '../../src/content/load.js';
import { renderFocusChoices } from '../../src/discord/render/interviews/member.js';
import { competenciesMatching } from '../../src/domain/interviews/questions.js';

const bank = loadQuestionBank();

describe('focus suggestions', () => {
  it('matches competencies by id or name, in any case, and lists them all for nothing typed', () => {
    expect(competenciesMatching(bank, 'CONFL').map((c) => c.id)).toEqual(['conflict']);
    expect(competenciesMatching(bank, ' lead').map((c) => c.id)).toEqual(['leadership']);
    expect(competenciesMatching(bank, 'solving').map((c) => c.id)).toEqual(['problem-solving']);
    expect(competenciesMatching(bank, '')).toHaveLength(bank.competencies.length);
    expect(competenciesMatching(bank, 'kubernetes')).toEqual([]);
  });

  it('offers the typed text first, unless it is a competency id, clipped to the option length', () => {
    const matches = competenciesMatching(bank, 'conflict');
    expect(renderFocusChoices('conflict', matches)).toEqual([
      { name: 'Handling conflict', value: 'conflict' },
    ]);
    expect(renderFocusChoices('  Kubernetes ', [])).toEqual([{ name: 'Kubernetes', value: 'Kubernetes' }]);
    const long = renderFocusChoices('x'.repeat(60), []);
    expect(long[0]!.value).toHaveLength(50);
    expect(renderFocusChoices('', competenciesMatching(bank, ''))).toHaveLength(
      Math.min(25, bank.competencies.length),
    );
  });
});
