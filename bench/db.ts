/**
 * `npm run bench:db`: the same bot under the same load on SQLite and on PostgreSQL, in one run.
 * Each dialect gets its own database, a first start (migrations), the same progress rows, then passes that
 * alternate SQLite, PostgreSQL, SQLite, PostgreSQL (so drift in the machine's load hits both alike): each
 * pass starts the bot, warms it up, then measures interaction latency (fake Discord: INTERACTION_CREATE
 * sent → callback received) and CPU per interaction, the bot's and, on PostgreSQL, the server backends'
 * serving it (read from /proc; the server's background writers are not counted).
 * Settings: BENCH_DB_INTERACTIONS (per measured pass, default 2000), BENCH_DB_RATE (per second, 100),
 * BENCH_POSTGRES_URL (default the test server, postgres://postgres@127.0.0.1:5432/test).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { loadRoadmap } from '../src/content/load.js';
import { openDatabase } from '../src/db/connection.js';
import type { Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { DialectName } from '../src/db/dialect.js';
import { allSteps } from '../src/domain/roadmap/roadmap.js';
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.js';
import { BOT_PROCESS_FILES, BotChild, killAllChildren, type BotRuntime } from './child.js';
import { compileBots } from '../launch/compile.js';
import { fakeDiscordEnv } from '../launch/env.js';
import { runLoad, type LoadResult } from './load.js';
import { intFromEnv } from './env.js';
import { distribution, ms, table } from './stats.js';

const settings = {
  members: 2_000,
  activeMembers: 1_000,
  stepsPerMember: 20,
  interactions: intFromEnv('BENCH_DB_INTERACTIONS', 2_000, 100, 50_000),
  rate: intFromEnv('BENCH_DB_RATE', 100, 1, 2_000),
  warmup: 300,
  passes: 2,
  serverUrl: process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  responseTimeoutMs: 30_000,
  watchdogMs: 600_000,
};

const CLOCK_TICKS_PER_S = 100;

/** CPU (user + system) a process has used, ms; 0 when it is gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state: utime is 14th, stime 15th overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return 0;
  }
}

interface Target {
  dialect: DialectName;
  env: Record<string, string>;
  /** PostgreSQL: the server processes serving the bot's connections, now. */
  backendPids(): Promise<number[]>;
  close(): Promise<void>;
}

async function sqliteTarget(dir: string): Promise<Target> {
  const file = path.join(dir, 'bench.sqlite');
  return {
    dialect: 'sqlite',
    env: { DATABASE_PATH: file },
    backendPids: async () => [],
    close: async () => undefined,
  };
}

async function postgresTarget(): Promise<Target> {
  const name = `stepwise_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: settings.serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(settings.serverUrl);
  url.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    env: { DATABASE_URL: url.toString() },
    async backendPids() {
      const { rows } = await admin.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = $1 and application_name = 'stepwise'`,
        [name],
      );
      return rows.map((row) => row.pid);
    },
    async close() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The same progress rows in both databases, written through Kysely (so portable), before the timed starts. */
async function seed(target: Target, fake: FakeDiscord, stepIds: readonly string[]): Promise<number> {
  const db =
    target.dialect === 'sqlite'
      ? openDatabase(target.env['DATABASE_PATH'] ?? '')
      : {
          db: new Kysely<Database>({
            dialect: new PostgresDialect({
              pool: new pg.Pool({ connectionString: target.env['DATABASE_URL'], max: 2 }),
            }),
          }),
        };
  const users = fake.guild.members.slice(0, settings.activeMembers).map((member) => member.id);
  const now = Date.now();
  const rows = users.flatMap((userId, u) =>
    stepIds.slice(0, settings.stepsPerMember).map((stepId, s) => ({
      guild_id: fake.guild.id,
      user_id: userId,
      step_id: stepId,
      status: (s + u) % 3 === 0 ? ('in_progress' as const) : ('done' as const),
      proof_url: null,
      started_at: now - 86_400_000,
      updated_at: now - s * 60_000,
      completed_at: (s + u) % 3 === 0 ? null : now - s * 60_000,
    })),
  );
  await migrateToLatest(db.db);
  for (let i = 0; i < rows.length; i += 500)
    await db.db
      .insertInto('step_progress')
      .values(rows.slice(i, i + 500))
      .execute();
  await sql`analyze`.execute(db.db);
  await db.db.destroy();
  return rows.length;
}

interface PassResult {
  load: LoadResult;
  botCpuMs: number;
  serverCpuMs: number;
}

async function pass(
  target: Target,
  runtime: BotRuntime,
  stepIds: readonly string[],
  round: number,
): Promise<PassResult> {
  const fake = await startFakeDiscord({
    memberCount: settings.members,
    enforceDeadline: false,
    defaultTimeoutMs: settings.responseTimeoutMs,
  });
  const child = new BotChild({
    kind: 'stepwise',
    runtime,
    env: { ...fakeDiscordEnv(fake), LOG_LEVEL: 'warn', ...target.env },
  });
  try {
    await child.waitReady();
    const userIds = fake.guild.members.slice(0, settings.activeMembers).map((member) => member.id);
    const loadTarget = { kind: 'stepwise' as const, fake, userIds, stepIds };
    // Warm-up: JIT, the statement cache, the connection pool grown to what the load needs.
    await runLoad(loadTarget, {
      total: settings.warmup,
      ratePerSecond: settings.rate,
      responseTimeoutMs: settings.responseTimeoutMs,
      seed: 1000 + round,
    });
    const before = await child.memory();
    const pidsBefore = await target.backendPids();
    const serverBefore = new Map(pidsBefore.map((pid) => [pid, processCpuMs(pid)]));
    const load = await runLoad(loadTarget, {
      total: settings.interactions,
      ratePerSecond: settings.rate,
      responseTimeoutMs: settings.responseTimeoutMs,
      seed: round,
    });
    const pidsAfter = await target.backendPids();
    let serverCpuMs = 0;
    for (const pid of new Set([...pidsBefore, ...pidsAfter]))
      serverCpuMs += processCpuMs(pid) - (serverBefore.get(pid) ?? 0);
    const after = await child.memory();
    process.stderr.write(
      `  ${target.dialect} pass ${round}: ${load.samples.length} answered, ${load.failures.length} failed\n`,
    );
    return { load, botCpuMs: after.cpuMs - before.cpuAfterMs, serverCpuMs };
  } finally {
    await child.stop();
    await fake.close();
  }
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench:db: still running after ${settings.watchdogMs / 1000} s, giving up`);
    killAllChildren();
    process.exit(1);
  }, settings.watchdogMs);
  watchdog.unref();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-db-'));
  const targets: Target[] = [];
  process.on('exit', () => {
    killAllChildren();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  try {
    const began = performance.now();
    const loadAtStart = os.loadavg()[0] ?? Number.NaN;
    const root = path.join(dir, 'build');
    compileBots(root, BOT_PROCESS_FILES);
    const runtime: BotRuntime = { kind: 'node', root };
    const stepIds = allSteps(loadRoadmap()).map((step) => step.id);
    targets.push(await sqliteTarget(dir), await postgresTarget());
    const seedFake = await startFakeDiscord({ memberCount: settings.members });
    for (const target of targets) {
      const rows = await seed(target, seedFake, stepIds);
      process.stderr.write(`  ${target.dialect}: migrated, ${rows} progress rows\n`);
    }
    await seedFake.close();

    const results = new Map<DialectName, PassResult[]>(targets.map((t) => [t.dialect, []]));
    for (let round = 1; round <= settings.passes; round += 1)
      for (const target of targets)
        results.get(target.dialect)?.push(await pass(target, runtime, stepIds, round));

    console.log('# Stepwise on SQLite vs PostgreSQL (npm run bench:db)');
    console.log(
      `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average at the start ${loadAtStart.toFixed(2)}; ` +
        `Node ${process.version}; ${settings.activeMembers} members interacting, ${settings.activeMembers * settings.stepsPerMember} progress rows; ` +
        `${settings.passes} passes per dialect, alternating, each ${settings.warmup} warm-up then ${settings.interactions} measured interactions at ${settings.rate}/s ` +
        `(the /roadmap, step card, two status buttons, Next, /progress visit of npm run bench).`,
    );
    const rows: string[][] = [
      [
        'dialect',
        'answered',
        'failed',
        'achieved /s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'bot CPU/interaction',
        'server CPU/interaction',
        'total CPU/interaction',
      ],
    ];
    for (const [dialect, passes] of results) {
      const samples = passes.flatMap((p) => p.load.samples.map((s) => s.hiResMs));
      const failed = passes.reduce((n, p) => n + p.load.failures.length, 0);
      const answered = samples.length;
      const latency = distribution(samples);
      const bot = passes.reduce((n, p) => n + p.botCpuMs, 0) / answered;
      const server = passes.reduce((n, p) => n + p.serverCpuMs, 0) / answered;
      rows.push([
        dialect,
        String(answered),
        String(failed),
        (answered / (passes.reduce((n, p) => n + p.load.wallMs, 0) / 1000)).toFixed(0),
        ms(latency.p50),
        ms(latency.p95),
        ms(latency.p99),
        `${ms(bot, 2)} ms`,
        dialect === 'sqlite' ? '— (in the bot)' : `${ms(server, 2)} ms`,
        `${ms(bot + server, 2)} ms`,
      ]);
    }
    console.log(table(rows));
    console.log(
      `\nTotal ${((performance.now() - began) / 1000).toFixed(0)} s; load average now ${os.loadavg()[0]?.toFixed(2)}.`,
    );
  } finally {
    for (const target of targets) await target.close();
  }
}

main().catch((error: unknown) => {
  console.error('bench:db: could not run:', error instanceof Error ? (error.stack ?? error.message) : error);
  killAllChildren();
  process.exit(1);
});
