import { describe, expect, it } from 'vitest';
import {
  ProofUrlSchema,
  percent,
  progressBar,
  summarize,
  transition,
  type StepState,
} from '../../src/domain/progress/progress.js';

const done: StepState = {
  status: 'done',
  proofUrl: 'https://a.dev/x',
  startedAt: 1,
  updatedAt: 5,
  completedAt: 5,
};

describe('step transitions', () => {
  it('starts, completes and keeps the start time', () => {
    const started = transition(undefined, 'in_progress', 10);
    expect(started).toEqual({
      kind: 'save',
      state: { status: 'in_progress', proofUrl: null, startedAt: 10, updatedAt: 10, completedAt: null },
    });
    if (started.kind !== 'save') return;
    expect(transition(started.state, 'done', 20, 'https://github.com/me/api')).toEqual({
      kind: 'save',
      state: {
        status: 'done',
        proofUrl: 'https://github.com/me/api',
        startedAt: 10,
        updatedAt: 20,
        completedAt: 20,
      },
    });
  });

  it('is idempotent: the same press twice changes nothing', () => {
    expect(transition(done, 'done', 99)).toEqual({ kind: 'unchanged' });
    expect(transition(done, 'done', 99, 'https://a.dev/x')).toEqual({ kind: 'unchanged' });
    expect(transition(undefined, 'reset', 99)).toEqual({ kind: 'unchanged' });
    expect(transition({ ...done, status: 'skipped', completedAt: null, proofUrl: null }, 'skip', 99)).toEqual(
      {
        kind: 'unchanged',
      },
    );
  });

  it('replaces the proof of a done step without moving its completion time', () => {
    expect(transition(done, 'done', 99, 'https://b.dev/y')).toEqual({
      kind: 'save',
      state: { ...done, proofUrl: 'https://b.dev/y', updatedAt: 99 },
    });
  });

  it('drops the proof and completion when a done step is skipped, and reset clears it', () => {
    expect(transition(done, 'skip', 50)).toEqual({
      kind: 'save',
      state: { status: 'skipped', proofUrl: null, startedAt: 1, updatedAt: 50, completedAt: null },
    });
    expect(transition(done, 'reset', 50)).toEqual({ kind: 'clear' });
  });
});

describe('proof links', () => {
  it.each(['https://github.com/me/repo/pull/3', 'http://blog.example.org/post', '  https://dev.to/me/x  '])(
    'accepts %s',
    (url) => expect(ProofUrlSchema.safeParse(url).success).toBe(true),
  );
  it.each([
    'github.com/me',
    'javascript:alert(1)',
    'ftp://x.org/a',
    'https://',
    'not a link',
    `https://a.dev/${'x'.repeat(300)}`,
    // Hosts that are not a public web address.
    'https://localhost',
    'http://127.0.0.1',
    'https://-bad-.com',
  ])('rejects %s with a friendly message', (url) => {
    const result = ProofUrlSchema.safeParse(url);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/link/);
  });
});

describe('progress summary', () => {
  const stages = [
    { id: 'a', stepIds: ['a1', 'a2', 'a3'] },
    { id: 'b', stepIds: ['b1', 'b2'] },
  ];

  it('counts per stage and overall, and suggests the first step in progress', () => {
    const summary = summarize(
      stages,
      new Map([
        ['a1', 'done'],
        ['a2', 'skipped'],
        ['b2', 'in_progress'],
      ] as const),
    );
    expect(summary.stages).toEqual([
      { id: 'a', done: 1, inProgress: 0, skipped: 1, total: 3 },
      { id: 'b', done: 0, inProgress: 1, skipped: 0, total: 2 },
    ]);
    expect(summary.overall).toEqual({ done: 1, inProgress: 1, skipped: 1, total: 5 });
    expect(summary.nextStepId).toBe('b2');
  });

  it('suggests the first untouched step when nothing is in progress, and nothing when all is handled', () => {
    expect(summarize(stages, new Map([['a1', 'done']] as const)).nextStepId).toBe('a2');
    const all = new Map(stages.flatMap((s) => s.stepIds).map((id) => [id, 'done' as const]));
    expect(summarize(stages, all).nextStepId).toBeUndefined();
  });

  it('draws bars and percentages', () => {
    expect(progressBar(0, 10)).toBe('▱▱▱▱▱▱▱▱▱▱');
    expect(progressBar(3, 10)).toBe('▰▰▰▱▱▱▱▱▱▱');
    expect(progressBar(7, 7, 5)).toBe('▰▰▰▰▰');
    expect(progressBar(1, 0)).toBe('▱▱▱▱▱▱▱▱▱▱');
    expect(percent(1, 3)).toBe(33);
    expect(percent(0, 0)).toBe(0);
  });
});
