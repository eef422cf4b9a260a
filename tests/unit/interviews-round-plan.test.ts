import { describe, expect, it } from 'vitest';
import { loadQuestionBank } from '../../src/content/load.js';
import { toNewRound, type PlannedRound } from '../../src/domain/interviews/round-plan.js';

const bank = loadQuestionBank();
const question = (id: string) => bank.questions.find((q) => q.id === id)!;

describe('a planned round, as written', () => {
  it('keeps the groups in rotation order with their question ids, the skips and who sat out', () => {
    const plan: PlannedRound = {
      key: '2026-11-20',
      seed: 42,
      groups: [
        [
          { userId: 'a', questions: [question('teamwork-01'), question('conflict-01')] },
          { userId: 'b', questions: [question('failure-01')] },
        ],
      ],
      satOut: 'c',
      skipped: ['d', 'e'],
      departed: ['f'],
      repeats: 0,
      poolSize: 3,
    };
    expect(
      toNewRound(plan, 'g1', 'ch1', { opensAt: new Date(1000), closesAt: new Date(3001) }, new Date(1500)),
    ).toEqual({
      round: {
        guildId: 'g1',
        key: '2026-11-20',
        channelId: 'ch1',
        seed: 42,
        opensAt: 1000,
        followUpAt: 2000,
        closesAt: 3001,
        createdAt: 1500,
        satOutUserId: 'c',
        skippedCount: 2,
      },
      groups: [
        [
          { userId: 'a', questionIds: ['teamwork-01', 'conflict-01'] },
          { userId: 'b', questionIds: ['failure-01'] },
        ],
      ],
      skipped: ['d', 'e'],
    });
  });

  it('records nobody sitting out as null', () => {
    const plan: PlannedRound = {
      key: 'k',
      seed: 1,
      groups: [],
      satOut: undefined,
      skipped: [],
      departed: [],
      repeats: 0,
      poolSize: 0,
    };
    const written = toNewRound(plan, 'g', 'c', { opensAt: new Date(0), closesAt: new Date(10) }, new Date(0));
    expect(written.round.satOutUserId).toBeNull();
    expect(written.groups).toEqual([]);
  });
});
