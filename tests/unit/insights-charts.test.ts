import { describe, expect, it } from 'vitest';
import { interviewFigures } from '../../src/domain/insights/interviews.js';
import { jobSearchFigures } from '../../src/domain/insights/job-search.js';
import { memberProgressFigures } from '../../src/domain/insights/member-progress.js';
import { participationFigures } from '../../src/domain/insights/participation.js';
import { roadmapFunnelFigures } from '../../src/domain/insights/roadmap-funnel.js';
import {
  interviewChart,
  jobSearchChart,
  memberProgressChart,
  participationChart,
  roadmapFunnelChart,
  tooFewMembersText,
  weekLabel,
} from '../../src/render/charts/insight-charts.js';
import { ALT_TEXT_MAX } from '../../src/render/charts/spec.js';

const members = Array.from({ length: 8 }, (_, i) => `m${i}`);
const keys = ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'];

function figures<T extends { kind: string }>(f: T): Extract<T, { kind: 'figures' }> {
  if (f.kind !== 'figures') throw new Error('expected figures');
  return f as Extract<T, { kind: 'figures' }>;
}

/** Fixed figures for each view; the snapshots guard the chart data (not pixels) against regressions. */
const participation = figures(
  participationFigures(
    keys.map((roundKey, i) => ({
      roundKey,
      prompted: members.slice(0, 6 + (i % 2)),
      onBreak: members.slice(7),
      answered: members.slice(0, 3 + i),
    })),
  ),
);
const funnel = figures(
  roadmapFunnelFigures(
    [
      {
        id: 'foundations',
        title: 'Foundations',
        steps: [
          { id: 'git', title: 'Use Git' },
          { id: 'http', title: 'HTTP' },
        ],
      },
      { id: 'databases', title: 'Databases', steps: [{ id: 'sql', title: 'SQL' }] },
    ],
    members.flatMap((userId, i) => [
      { userId, stepId: 'git', status: 'done' as const, updatedAt: 0 },
      { userId, stepId: 'http', status: i < 3 ? ('skipped' as const) : ('done' as const), updatedAt: 0 },
      ...(i < 2 ? [{ userId, stepId: 'sql', status: 'in_progress' as const, updatedAt: 0 }] : []),
    ]),
    new Date('2026-11-30T00:00:00Z'),
  ),
);
const interviews = figures(
  interviewFigures(
    keys.slice(2).map((roundKey) => ({
      roundKey,
      groups: [
        { memberIds: ['m0', 'm1'], reports: ['met' as const] },
        { memberIds: ['m2', 'm3'], reports: ['missed' as const] },
        { memberIds: ['m4', 'm5', 'm6'], reports: [] },
      ],
    })),
    members
      .slice(0, 5)
      .map((candidateId, i) => ({ candidateId, situation: 4, task: 3 + (i % 2), action: 4, result: 2 })),
  ),
);
const jobSearch = figures(
  jobSearchFigures(
    keys.map((roundKey, w) => ({
      roundKey,
      answers: members
        .slice(0, 5 + (w % 2))
        .map((userId, i) => ({ userId, applications: i + w, interviews: i === 0 ? 1 : null })),
    })),
  ),
);
const mine = memberProgressFigures(
  [
    Date.parse('2026-11-03T10:00:00Z'),
    Date.parse('2026-11-17T10:00:00Z'),
    Date.parse('2026-11-18T10:00:00Z'),
  ],
  { current: 2, best: 4, quietRounds: 0 },
  new Date('2026-11-20T12:00:00Z'),
  4,
);

describe('chart data per view (snapshots)', () => {
  it.each([
    ['participation', participationChart(participation)],
    ['roadmap', roadmapFunnelChart(funnel)],
    ['interviews', interviewChart(interviews)],
    ['job search', jobSearchChart(jobSearch)],
    ['my progress', memberProgressChart(mine)],
  ])('%s', (_name, picture) => {
    expect(picture).toMatchSnapshot();
  });
});

describe('chart words', () => {
  it('labels weeks by day and month', () => {
    expect(weekLabel('2026-11-02')).toBe('2 Nov');
    expect(weekLabel('not a date')).toBe('not a date');
  });

  it('reads participation in one line, from the latest week', () => {
    expect(participationChart(participation).reading).toBe(
      'Over the last 4 weeks, 69% of the members asked answered their check-in; in the week of 16 Nov, 6 of 7 answered (1 on a break).',
    );
  });

  it('keeps alt text within Discord’s 1024 characters however much there is to say', () => {
    const longTitles = figures(
      roadmapFunnelFigures(
        Array.from({ length: 30 }, (_, i) => ({
          id: `s${i}`,
          title: `A stage with a rather long title number ${i}`,
          steps: [{ id: `x${i}`, title: `A step with a long title ${i}` }],
        })),
        members.map((userId) => ({ userId, stepId: 'x0', status: 'skipped' as const, updatedAt: 0 })),
        new Date(),
      ),
    );
    const alt = roadmapFunnelChart(longTitles).altText;
    expect(alt.length).toBe(ALT_TEXT_MAX);
    expect(alt.endsWith('…')).toBe(true);
  });

  it('explains a withheld chart without figures', () => {
    expect(tooFewMembersText('check-in participation', 3)).toBe(
      'Too few members to show check-in participation: figures need at least 5 members (there are 3), so nobody can be singled out.',
    );
  });
});
