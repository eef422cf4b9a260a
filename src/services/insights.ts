import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import {
  checkinJobSearch,
  checkinParticipation,
  interviewRoundsWithOutcomes,
  memberCompletionTimes,
  roadmapProgressRows,
  starRatings,
} from '../db/repositories/insights.js';
import { interviewFigures } from '../domain/insights/interviews.js';
import { jobSearchFigures } from '../domain/insights/job-search.js';
import { memberProgressFigures } from '../domain/insights/member-progress.js';
import { INSIGHT_WEEKS, participationFigures } from '../domain/insights/participation.js';
import { roadmapFunnelFigures } from '../domain/insights/roadmap-funnel.js';
import type { Roadmap } from '../domain/roadmap/schema.js';
import {
  interviewChart,
  jobSearchChart,
  memberProgressChart,
  participationChart,
  roadmapFunnelChart,
  tooFewMembersText,
} from '../render/charts/insight-charts.js';
import type { ChartRenderer } from '../render/charts/renderer.js';
import type { ChartPicture } from '../render/charts/spec.js';
import { memberStreak } from './checkins.js';

export const INSIGHT_VIEWS = ['participation', 'roadmap', 'interviews', 'job-search'] as const;
export type InsightView = (typeof INSIGHT_VIEWS)[number];

export interface InsightDeps {
  db: Kysely<Database>;
  roadmap: Roadmap;
}

/** A chart with its words, or the sentence saying why there is none. */
export type InsightPicture = ({ kind: 'chart' } & ChartPicture) | { kind: 'too-few'; text: string };

/** An insight drawn as a PNG, ready to attach. */
export interface DrawnInsight {
  kind: 'image';
  png: Buffer;
  reading: string;
  altText: string;
  filename: string;
}
export type InsightImage = DrawnInsight | { kind: 'too-few'; text: string };

const WHAT: Record<InsightView, string> = {
  participation: 'check-in participation',
  roadmap: 'the roadmap funnel',
  interviews: 'mock-interview figures',
  'job-search': 'job-search figures',
};

async function participationPicture(
  db: Kysely<Database>,
  guildId: string,
  now: Date,
): Promise<InsightPicture> {
  const f = participationFigures(await checkinParticipation(db, guildId, now, INSIGHT_WEEKS));
  return f.kind === 'figures'
    ? { kind: 'chart', ...participationChart(f) }
    : { kind: 'too-few', text: tooFewMembersText(WHAT.participation, f.members) };
}

/** The participation chart alone, as the weekly summary attaches it. */
export async function participationImage(
  deps: { db: Kysely<Database>; charts: ChartRenderer },
  guildId: string,
  now: Date,
): Promise<InsightImage> {
  const picture = await participationPicture(deps.db, guildId, now);
  return picture.kind === 'chart' ? draw(deps.charts, picture) : picture;
}

/** The figures of one view, turned into a chart spec and its words (no drawing yet). */
export async function insightPicture(
  deps: InsightDeps,
  guildId: string,
  view: InsightView,
  now: Date,
): Promise<InsightPicture> {
  const chart = (picture: ChartPicture): InsightPicture => ({ kind: 'chart', ...picture });
  const none = (members: number): InsightPicture => ({
    kind: 'too-few',
    text: tooFewMembersText(WHAT[view], members),
  });
  switch (view) {
    case 'participation':
      return participationPicture(deps.db, guildId, now);
    case 'roadmap': {
      const stages = deps.roadmap.stages.map((s) => ({
        id: s.id,
        title: s.title,
        steps: s.steps.map((step) => ({ id: step.id, title: step.title })),
      }));
      const f = roadmapFunnelFigures(stages, await roadmapProgressRows(deps.db, guildId), now);
      return f.kind === 'figures' ? chart(roadmapFunnelChart(f)) : none(f.members);
    }
    case 'interviews': {
      const [rounds, ratings] = await Promise.all([
        interviewRoundsWithOutcomes(deps.db, guildId, INSIGHT_WEEKS),
        starRatings(deps.db, guildId),
      ]);
      const f = interviewFigures(rounds, ratings);
      return f.kind === 'figures' ? chart(interviewChart(f)) : none(f.members);
    }
    case 'job-search': {
      const f = jobSearchFigures(await checkinJobSearch(deps.db, guildId, now, INSIGHT_WEEKS));
      return f.kind === 'figures' ? chart(jobSearchChart(f)) : none(f.members);
    }
  }
}

async function draw(charts: ChartRenderer, picture: ChartPicture): Promise<DrawnInsight> {
  const png = await charts.render(picture.spec);
  return {
    kind: 'image',
    png,
    reading: picture.reading,
    altText: picture.altText,
    filename: picture.filename,
  };
}

/** One view of /insights as a PNG with its reading and alt text. */
export async function insightImage(
  deps: InsightDeps & { charts: ChartRenderer },
  guildId: string,
  view: InsightView,
  now: Date,
): Promise<InsightImage> {
  const picture = await insightPicture(deps, guildId, view, now);
  return picture.kind === 'chart' ? draw(deps.charts, picture) : picture;
}

/** A member's own chart: steps done per week and their check-in streak. */
export async function memberProgressImage(
  deps: InsightDeps & { charts: ChartRenderer },
  guildId: string,
  userId: string,
  now: Date,
): Promise<DrawnInsight> {
  const [completed, streak] = await Promise.all([
    memberCompletionTimes(deps.db, guildId, userId),
    memberStreak(deps, guildId, userId, now),
  ]);
  return draw(deps.charts, memberProgressChart(memberProgressFigures(completed, streak, now)));
}
