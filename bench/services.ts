import { performance } from 'node:perf_hooks';
import { Options } from 'discord.js';
import { openDatabase } from '../src/db/connection.js';
import { getProfile, getStepProgress, listStepProgress } from '../src/db/repositories/progress.js';
import { renderOverview, renderProgress, renderStep } from '../src/discord/render/roadmap.js';
import { locateStep, nextStep, previousStep } from '../src/domain/roadmap/roadmap.js';
import type { Roadmap } from '../src/domain/roadmap/schema.js';
import { changeStep, loadMemberRoadmap, type MemberRoadmap } from '../src/services/roadmap.js';
import { mulberry32, pick } from './random.js';
import { distribution, type Distribution } from './stats.js';

export interface ServiceTiming {
  name: string;
  /** Per call, in microseconds. */
  micros: Distribution;
}

export interface ServiceReport {
  timings: ServiceTiming[];
  /** SQLite's plan for the per-member progress read. */
  plan: string[];
  /** JSON size of what each reply sends, in bytes. */
  payloadBytes: { overview: number; stepCard: number; progress: number };
}

async function time(name: string, calls: number, run: (i: number) => unknown): Promise<ServiceTiming> {
  for (let i = 0; i < Math.min(200, calls); i += 1) await run(i); // warm the JIT first
  const micros: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const started = performance.now();
    await run(i);
    micros.push((performance.now() - started) * 1000);
  }
  return { name, micros: distribution(micros) };
}

/**
 * The pieces of one interaction, called directly on the seeded database (no Discord, no bot running):
 * shows where a handler's time goes, next to the end-to-end figures.
 */
export async function timeServices(options: {
  databasePath: string;
  roadmap: Roadmap;
  guildId: string;
  userIds: readonly string[];
  calls: number;
}): Promise<ServiceReport> {
  const handle = openDatabase(options.databasePath);
  const { roadmap, calls } = options;
  const deps = { db: handle.db, roadmap };
  const random = mulberry32(11);
  const steps = roadmap.stages.flatMap((stage) => stage.steps.map((step) => step.id));
  const member = (i: number) => ({
    guildId: options.guildId,
    userId: options.userIds[i % options.userIds.length] ?? '',
  });
  try {
    const views: MemberRoadmap[] = [];
    const listSql = 'select * from step_progress where guild_id = ? and user_id = ? order by updated_at desc';
    const preparedOnce = handle.sqlite.prepare(listSql);
    const card = (i: number) => {
      const id = steps[i % steps.length] ?? '';
      const location = locateStep(roadmap, id);
      if (!location) throw new Error(`unknown step ${id}`);
      return renderStep(roadmap, viewAt(views, i), location, member(i).userId, {
        previous: previousStep(roadmap, id),
        next: nextStep(roadmap, id),
      });
    };
    const toWire = Options.createDefault().jsonTransformer ?? ((data: unknown) => data);
    const timings = [
      await time('getProfile (1 query)', calls, (i) => getProfile(handle.db, member(i))),
      await time('listStepProgress (1 query, ~25 rows)', calls, (i) =>
        listStepProgress(handle.db, member(i)),
      ),
      // The next three split that read: Kysely prepares every statement anew on every query.
      await time('  same SQL, better-sqlite3, prepared per call', calls, (i) =>
        handle.sqlite.prepare(listSql).all(member(i).guildId, member(i).userId),
      ),
      await time('  same SQL, better-sqlite3, prepared once', calls, (i) =>
        preparedOnce.all(member(i).guildId, member(i).userId),
      ),
      await time('  prepare() alone', calls, () => handle.sqlite.prepare(listSql)),
      await time('getStepProgress (1 query, 1 row: all a step card shows)', calls, (i) =>
        getStepProgress(handle.db, member(i), steps[i % steps.length] ?? ''),
      ),
      await time('loadMemberRoadmap (profile + rows + summary)', calls, async (i) => {
        views[i % 50] = await loadMemberRoadmap(deps, member(i));
      }),
      await time('changeStep (1 transaction: read + upsert)', calls, (i) =>
        changeStep(deps, member(i), pick(random, steps), i % 2 ? 'done' : 'in_progress', new Date()),
      ),
      await time('renderOverview', calls, (i) => renderOverview(roadmap, viewAt(views, i), member(i).userId)),
      await time('renderStep', calls, card),
      await time('renderProgress', calls, (i) => renderProgress(roadmap, viewAt(views, i), 'Member', true)),
      // What discord.js does to every plain embed and component before sending (lodash snakeCase per key).
      await time('discord.js default jsonTransformer on a step card', calls, (i) => {
        const message = card(i);
        return [message.embeds.map(toWire), message.components.map(toWire)];
      }),
      await time('  renderStep alone, for comparison', calls, card),
    ];
    const plan = handle.sqlite
      .prepare(
        'explain query plan select * from step_progress where guild_id = ? and user_id = ? order by updated_at desc',
      )
      .all(options.guildId, member(0).userId)
      .map((row) => String((row as { detail?: unknown }).detail ?? ''));
    const view = viewAt(views, 0);
    const firstStep = steps[0] ?? '';
    const location = locateStep(roadmap, firstStep);
    const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
    return {
      timings,
      plan,
      payloadBytes: {
        overview: size(renderOverview(roadmap, view, member(0).userId)),
        stepCard: location
          ? size(
              renderStep(roadmap, view, location, member(0).userId, {
                previous: undefined,
                next: nextStep(roadmap, firstStep),
              }),
            )
          : 0,
        progress: size(renderProgress(roadmap, view, 'Member', true)),
      },
    };
  } finally {
    await handle.close();
  }
}

function viewAt(views: readonly MemberRoadmap[], i: number): MemberRoadmap {
  const view = views[i % views.length] ?? views[0];
  if (!view) throw new Error('no member roadmap loaded');
  return view;
}
