// npm run bench:charts — how long each chart takes to draw, and whether drawing delays other interactions.
// The bot runs in this process against the fake Discord, with a server of 60 members and 12 weeks of
// history seeded; /roadmap step interactions arrive at a steady rate while an admin asks /insights back
// to back, with charts drawn in the worker (as shipped) and, for comparison, on the main thread.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { ManualClock } from '../src/clock.js';
import type { Database } from '../src/db/database.js';
import { DAY_MS, WEEK_MS } from '../src/domain/time/duration.js';
import { drawChart, prepareRenderer } from '../src/render/charts/draw.js';
import type { ChartRenderer } from '../src/render/charts/renderer.js';
import { INSIGHT_VIEWS, insightPicture } from '../src/services/insights.js';
import type { FakeDiscord } from '../fake-discord/index.js';
import { launchBot, type LaunchedBot } from '../launch/bot.js';
import { mulberry32 } from './random.js';
import { distribution, mb, ms, table } from './stats.js';

const MEMBERS = 60;
const WEEKS = 12;
const RENDERS = 20;
const LOAD_RATE = 40; // interactions per second
const LOAD_SECONDS = 8;
const NOW = Date.parse('2026-11-23T12:00:00Z');

/** Twelve weeks of check-ins, a roadmap in progress and eight interview rounds, as a real server would have. */
async function seed(
  db: Kysely<Database>,
  guildId: string,
  channelId: string,
  userIds: readonly string[],
  stepIds: readonly string[],
) {
  const random = mulberry32(17);
  const firstMonday = Date.parse('2026-09-07T08:00:00Z');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('checkin_config')
      .values({
        guild_id: guildId,
        channel_id: channelId,
        weekday: 'monday',
        time: '09:00',
        timezone: 'Europe/Paris',
        reminder_lead_hours: 24,
        delivery: 'dm',
        active_since: 0,
        updated_at: 0,
        updated_by: userIds[0]!,
      })
      .execute();
    for (let w = 0; w < WEEKS; w += 1) {
      const opensAt = firstMonday + w * WEEK_MS;
      const key = new Date(opensAt).toISOString().slice(0, 10);
      await trx
        .insertInto('checkin_round')
        .values({
          guild_id: guildId,
          round_key: key,
          opens_at: opensAt,
          remind_at: opensAt + 6 * DAY_MS,
          closes_at: opensAt + WEEK_MS,
          channel_id: channelId,
          opened_at: opensAt,
          reminded_at: null,
          closed_at: opensAt + WEEK_MS,
        })
        .execute();
      const joined = userIds.slice(0, 30 + w * 2);
      for (const userId of joined) {
        const onBreak = random() < 0.08;
        await trx
          .insertInto('checkin_delivery')
          .values({
            guild_id: guildId,
            round_key: key,
            user_id: userId,
            kind: 'prompt',
            state: onBreak ? 'skipped' : 'sent',
            via: 'dm',
            message_id: null,
            error: null,
            updated_at: opensAt,
          })
          .execute();
        if (!onBreak && random() < 0.55 + w * 0.02)
          await trx
            .insertInto('checkin_answer')
            .values({
              guild_id: guildId,
              round_key: key,
              user_id: userId,
              done: 'Worked on the roadmap',
              next_goal: 'Keep going',
              blockers: null,
              applications: random() < 0.6 ? Math.floor(random() * 5) : null,
              interviews: random() < 0.3 ? Math.floor(random() * 2) : null,
              created_at: opensAt + DAY_MS,
              updated_at: opensAt + DAY_MS,
            })
            .execute();
      }
    }
    for (const [m, userId] of userIds.entries()) {
      const reached = Math.floor(random() * stepIds.length * (1 - m / (2 * userIds.length)));
      for (let s = 0; s < reached; s += 1) {
        const status = random() < 0.1 ? 'skipped' : s === reached - 1 ? 'in_progress' : 'done';
        const at = NOW - Math.floor(random() * 80) * DAY_MS;
        await trx
          .insertInto('step_progress')
          .values({
            guild_id: guildId,
            user_id: userId,
            step_id: stepIds[s]!,
            status,
            proof_url: null,
            started_at: at,
            updated_at: at,
            completed_at: status === 'done' ? at : null,
          })
          .execute();
      }
    }
    for (let r = 0; r < 8; r += 1) {
      const opensAt = firstMonday + (r + 4) * WEEK_MS + DAY_MS;
      const round = await trx
        .insertInto('interview_round')
        .values({
          guild_id: guildId,
          round_key: new Date(opensAt).toISOString().slice(0, 10),
          channel_id: channelId,
          seed: r,
          opens_at: opensAt,
          follow_up_at: opensAt + 3 * DAY_MS,
          closes_at: opensAt + WEEK_MS,
          created_at: opensAt,
          sat_out_user_id: null,
          skipped_count: 0,
          paired_at: opensAt,
          reported_at: null,
          followed_up_at: null,
          closed_at: opensAt + WEEK_MS,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let g = 0; g < 10; g += 1) {
        const group = await trx
          .insertInto('interview_group')
          .values({
            round_id: round.id,
            guild_id: guildId,
            position: g,
            state: 'posted',
            thread_id: null,
            message_id: null,
            error: null,
            follow_up_state: null,
            updated_at: opensAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const pair = [userIds[(g * 2 + r) % userIds.length]!, userIds[(g * 2 + 1 + r) % userIds.length]!];
        for (const [position, userId] of pair.entries())
          await trx
            .insertInto('interview_group_member')
            .values({
              group_id: group.id,
              round_id: round.id,
              guild_id: guildId,
              user_id: userId,
              position,
              question_ids: '[]',
              add_state: 'added',
              add_error: null,
            })
            .execute();
        const outcome = random();
        if (outcome < 0.85)
          await trx
            .insertInto('interview_report')
            .values({
              group_id: group.id,
              guild_id: guildId,
              user_id: pair[0]!,
              outcome: outcome < 0.7 ? 'met' : 'missed',
              updated_at: opensAt,
            })
            .execute();
        if (outcome < 0.6)
          await trx
            .insertInto('interview_feedback')
            .values({
              group_id: group.id,
              round_id: round.id,
              guild_id: guildId,
              giver_id: pair[1]!,
              candidate_id: pair[0]!,
              situation: 3 + Math.floor(random() * 3),
              task: 2 + Math.floor(random() * 4),
              action: 3 + Math.floor(random() * 3),
              result: 2 + Math.floor(random() * 3),
              strength: 'Clear',
              improve: 'Numbers',
              delivered_via: 'dm',
              created_at: opensAt,
              updated_at: opensAt,
            })
            .execute();
      }
    }
  });
}

/** The same drawing, on the main thread: what the worker saves the other interactions from. */
const mainThreadRenderer: ChartRenderer = {
  render: async (spec) => drawChart(spec),
  close: async () => {},
};

interface LoadFigures {
  latencies: number[];
  charts: number;
}

/** /roadmap step at LOAD_RATE per second; meanwhile, with `charts`, the owner asks /insights back to back. */
async function load(
  fake: FakeDiscord,
  userIds: readonly string[],
  stepIds: readonly string[],
  charts: boolean,
): Promise<LoadFigures> {
  const random = mulberry32(5);
  const total = LOAD_RATE * LOAD_SECONDS;
  const latencies: number[] = [];
  let drawn = 0;
  let stop = false;
  const chartLoop = (async () => {
    let v = 0;
    while (charts && !stop) {
      const interaction = await fake.slash({
        user: fake.guild.ownerId,
        name: 'insights',
        options: { view: INSIGHT_VIEWS[v++ % INSIGHT_VIEWS.length]! },
      });
      await interaction.response();
      await interaction.waitForOriginal((m) => m.content !== '', 10_000);
      drawn += 1;
    }
  })();
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / LOAD_RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const user = userIds[Math.floor(random() * userIds.length)]!;
    const step = stepIds[Math.floor(random() * stepIds.length)]!;
    pending.push(
      (async () => {
        const t = performance.now();
        const interaction = await fake.slash({ user, name: 'roadmap', options: { step } });
        await interaction.response();
        latencies.push(performance.now() - t);
      })(),
    );
  }
  await Promise.all(pending);
  stop = true;
  await chartLoop;
  return { latencies, charts: drawn };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-charts-'));
  let launched: LaunchedBot | undefined;
  try {
    launched = await launchBot({
      fakeOptions: { memberCount: MEMBERS },
      databasePath: path.join(dir, 'bench.sqlite'),
      logLevel: 'silent',
      clock: new ManualClock(NOW),
      startTimers: false,
    });
    const { fake, bot } = launched;
    const guildId = fake.guild.id;
    const userIds = fake.guild.members
      .filter((m) => m.id !== fake.guild.ownerId && !m.user.bot)
      .map((m) => m.id);
    const stepIds = bot.context.roadmap.stages.flatMap((s) => s.steps.map((step) => step.id));
    const channel = fake.guild.channels.find((c) => c.name === 'accountability') ?? fake.guild.channels[0]!;
    await seed(bot.database.db, guildId, channel.id, userIds, stepIds);

    // Drawing competes for the CPU: the load average says how busy the machine was besides this bench.
    const busy = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ');
    console.log(
      `Stepwise chart bench: Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, load average ${busy} (1 / 5 / 15 min), ${MEMBERS} members, ${WEEKS} weeks of history\n`,
    );

    // 1. Drawing time per view: on this thread (the drawing alone) and through the worker (as the bot does).
    prepareRenderer();
    const rows: string[][] = [
      [
        'view',
        'PNG size',
        'draw min',
        'draw p50',
        'draw p95',
        'draw max',
        'via worker p50',
        'via worker p95',
        'via worker max',
      ],
    ];
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const coldStart = performance.now();
    const first = await insightPicture(bot.context, guildId, 'participation', new Date(NOW));
    if (first.kind !== 'chart') throw new Error('the seeded server should have figures');
    await bot.context.charts.render(first.spec);
    const coldMs = performance.now() - coldStart;
    global.gc?.();
    const rssWorker = process.memoryUsage().rss;
    for (const view of INSIGHT_VIEWS) {
      const picture = await insightPicture(bot.context, guildId, view, new Date(NOW));
      if (picture.kind !== 'chart') throw new Error(`no figures for ${view}`);
      drawChart(picture.spec); // warm-up
      const direct: number[] = [];
      let size = 0;
      for (let i = 0; i < RENDERS; i += 1) {
        const t = performance.now();
        size = drawChart(picture.spec).length;
        direct.push(performance.now() - t);
      }
      const viaWorker: number[] = [];
      for (let i = 0; i < RENDERS; i += 1) {
        const t = performance.now();
        await bot.context.charts.render(picture.spec);
        viaWorker.push(performance.now() - t);
      }
      const d = distribution(direct);
      const w = distribution(viaWorker);
      rows.push([
        view,
        `${Math.round(size / 1024)} KB`,
        `${ms(Math.min(...direct))} ms`,
        `${ms(d.p50)} ms`,
        `${ms(d.p95)} ms`,
        `${ms(d.max)} ms`,
        `${ms(w.p50)} ms`,
        `${ms(w.p95)} ms`,
        `${ms(w.max)} ms`,
      ]);
    }
    console.log(
      `Drawing one chart (${RENDERS} runs each; the first chart, starting the worker, took ${ms(coldMs, 0)} ms):`,
    );
    console.log(
      `Process RSS: ${mb(rssBefore)} MB before the first chart, ${mb(rssWorker)} MB with the worker running (it stops after a minute idle).`,
    );
    console.log(table(rows));

    // 2. Interaction latency while charts are drawn.
    const scenarios: Array<[string, boolean, ChartRenderer]> = [
      ['no charts', false, bot.context.charts],
      ['charts in the worker (as shipped)', true, bot.context.charts],
      ['charts on the main thread (for comparison)', true, mainThreadRenderer],
    ];
    const shipped = bot.context.charts;
    const loadRows: string[][] = [['while', 'interactions', 'charts drawn', 'p50', 'p95', 'p99', 'max']];
    for (const [name, charts, renderer] of scenarios) {
      bot.context.charts = renderer;
      const result = await load(fake, userIds, stepIds, charts);
      const d = distribution(result.latencies);
      loadRows.push([
        name,
        String(d.count),
        String(result.charts),
        `${ms(d.p50)} ms`,
        `${ms(d.p95)} ms`,
        `${ms(d.p99)} ms`,
        `${ms(d.max)} ms`,
      ]);
    }
    bot.context.charts = shipped;
    console.log(
      `\n/roadmap step at ${LOAD_RATE}/s for ${LOAD_SECONDS} s (INTERACTION_CREATE sent → callback received), while the owner runs /insights back to back:`,
    );
    console.log(table(loadRows));
  } finally {
    await launched?.close('bench finished');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
