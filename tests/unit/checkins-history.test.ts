import { describe, expect, it } from 'vitest';
import { memberHistories, type PromptFact } from '../../src/domain/checkins/history.js';
import { deliveryFor, isPaused } from '../../src/domain/checkins/types.js';

const prompt = (userId: string, roundKey: string, state: PromptFact['state']): PromptFact => ({
  userId,
  roundKey,
  state,
});

describe('memberHistories: what each round counts as for a member', () => {
  const closed = new Set(['2026-11-02', '2026-11-09', '2026-11-16']);

  it('answered beats every prompt state; skipped is a break; failed is not the member’s doing', () => {
    const histories = memberHistories(
      [
        prompt('alice', '2026-11-02', 'sent'),
        prompt('alice', '2026-11-09', 'skipped'),
        prompt('alice', '2026-11-16', 'failed'),
        prompt('bob', '2026-11-02', 'failed'),
        prompt('bob', '2026-11-09', 'sent'),
      ],
      [
        { userId: 'alice', roundKey: '2026-11-02' },
        { userId: 'bob', roundKey: '2026-11-02' },
      ],
      closed,
    );
    expect(histories.get('alice')).toEqual([
      { roundKey: '2026-11-02', status: 'answered' },
      { roundKey: '2026-11-09', status: 'paused' },
      { roundKey: '2026-11-16', status: 'undelivered' },
    ]);
    expect(histories.get('bob')).toEqual([
      { roundKey: '2026-11-02', status: 'answered' },
      { roundKey: '2026-11-09', status: 'missed' },
    ]);
  });

  it('a round still open counts only once answered: silence there is not missed yet', () => {
    const histories = memberHistories(
      [prompt('carol', '2026-11-23', 'sent'), prompt('dave', '2026-11-23', 'pending')],
      [{ userId: 'dave', roundKey: '2026-11-23' }],
      closed,
    );
    expect(histories.has('carol')).toBe(false);
    expect(histories.get('dave')).toEqual([{ roundKey: '2026-11-23', status: 'answered' }]);
  });

  it('an answer without a prompt counts, and records come oldest first whatever the input order', () => {
    const histories = memberHistories(
      [prompt('erin', '2026-11-16', 'sent'), prompt('erin', '2026-11-02', 'sent')],
      [{ userId: 'erin', roundKey: '2026-11-09' }],
      closed,
    );
    expect(histories.get('erin')?.map((r) => [r.roundKey, r.status])).toEqual([
      ['2026-11-02', 'missed'],
      ['2026-11-09', 'answered'],
      ['2026-11-16', 'missed'],
    ]);
  });
});

describe('members on a break and how they are reached', () => {
  const now = new Date('2026-11-20T12:00:00Z');

  it('a break ends at its instant', () => {
    expect(isPaused({ pausedUntil: null }, now)).toBe(false);
    expect(isPaused({ pausedUntil: now.getTime() + 1 }, now)).toBe(true);
    expect(isPaused({ pausedUntil: now.getTime() }, now)).toBe(false);
  });

  it('closed DMs send a DM server’s prompts to the channel', () => {
    expect(deliveryFor({ delivery: 'dm' }, { dmClosed: false })).toBe('dm');
    expect(deliveryFor({ delivery: 'dm' }, { dmClosed: true })).toBe('channel');
    expect(deliveryFor({ delivery: 'channel' }, { dmClosed: false })).toBe('channel');
  });
});
