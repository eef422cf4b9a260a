import { describe, expect, it } from 'vitest';
import { candidateOf, interviewerOf, outcomeFor } from '../../src/domain/interviews/rotation.js';

const member = (userId: string) => ({ userId });

describe('who interviews whom', () => {
  it('has each member interview the next one along, the last the first', () => {
    const trio = ['a', 'b', 'c'].map(member);
    expect(['a', 'b', 'c'].map((id) => candidateOf(trio, id)?.userId)).toEqual(['b', 'c', 'a']);
    expect(['a', 'b', 'c'].map((id) => interviewerOf(trio, id)?.userId)).toEqual(['c', 'a', 'b']);
  });

  it('pairs interview each other', () => {
    const pair = ['a', 'b'].map(member);
    expect(candidateOf(pair, 'a')?.userId).toBe('b');
    expect(interviewerOf(pair, 'a')?.userId).toBe('b');
  });

  it('gives nobody to someone alone or outside the group', () => {
    expect(candidateOf([member('a')], 'a')).toBeUndefined();
    expect(interviewerOf([member('a')], 'a')).toBeUndefined();
    expect(candidateOf(['a', 'b'].map(member), 'z')).toBeUndefined();
    expect(interviewerOf(['a', 'b'].map(member), 'z')).toBeUndefined();
  });
});

describe('what a round means for one member', () => {
  it('reads a member as met, missed (the group could not meet and they said nothing) or unknown', () => {
    const A = 'a';
    expect(outcomeFor([], A)).toBe('unknown');
    expect(outcomeFor([{ userId: 'b', outcome: 'met' }], A)).toBe('met');
    expect(outcomeFor([{ userId: 'b', outcome: 'missed' }], A)).toBe('missed');
    expect(outcomeFor([{ userId: A, outcome: 'missed' }], A)).toBe('unknown');
    expect(
      outcomeFor(
        [
          { userId: A, outcome: 'missed' },
          { userId: 'b', outcome: 'met' },
        ],
        A,
      ),
    ).toBe('met');
  });
});
