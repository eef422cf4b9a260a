/**
 * `npm run bench`: interaction latency under load (Stepwise vs a guide-style discord.js bot), the bot's
 * memory, start-up time, per-call service timings, then the other benches in bench/. Prints tables; the goals
 * are reported, not asserted. Exits non-zero only when something could not run.
 *
 * Knobs (environment): BENCH_INTERACTIONS (per round, default 5000), BENCH_RATE (per second, default 250),
 * BENCH_LOG_LEVEL (the bot's LOG_LEVEL, default info as `npm start`), BENCH_OTHERS=0 (skip the other benches in bench/),
 * BENCH_CHILD_NODE_ARGS (extra node flags for the bot processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"),
 * BENCH_RUNTIME=tsx (run the bots under tsx instead of compiled to JavaScript first).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { version as discordJsVersion } from 'discord.js';
import { loadRoadmap } from '../src/content/load.js';
import { allSteps } from '../src/domain/roadmap/roadmap.js';
import type { Roadmap } from '../src/domain/roadmap/schema.js';
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.js';
import {
  BOT_PROCESS_FILES,
  BotChild,
  killAllChildren,
  PROJECT_ROOT,
  trackChild,
  type BotRuntime,
} from './child.js';
import { compileBots } from '../launch/compile.js';
import { fakeDiscordEnv } from '../launch/env.js';
import { runLoad, SESSION, type LoadResult, type LoadTarget, type Sample } from './load.js';
import { fixedStepCard } from './fixed-card.js';
import { FIXED_BUTTONS, type BotKind, type MemorySample } from './protocol.js';
import { seedProgress } from './seed.js';
import { timeServices, type ServiceReport } from './services.js';
import { distribution, mb, ms, ratio, table } from './stats.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function numberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

function logLevelFromEnv(): string {
  // What users run: `npm start` logs at info unless LOG_LEVEL says otherwise.
  const raw = process.env['BENCH_LOG_LEVEL'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw))
    throw new Error(`BENCH_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  return raw;
}

const settings = {
  members: 10_000,
  activeMembers: 2_000,
  stepsPerMember: 25,
  interactions: numberFromEnv('BENCH_INTERACTIONS', 5_000, 1, 100_000),
  rate: numberFromEnv('BENCH_RATE', 250, 1, 5_000),
  logLevel: logLevelFromEnv(),
  others: process.env['BENCH_OTHERS'] !== '0',
  /** 'tsx' runs the bots from the TypeScript sources (adds tsx's own memory and start-up). */
  useTsx: process.env['BENCH_RUNTIME'] === 'tsx',
  childNodeArgs: (process.env['BENCH_CHILD_NODE_ARGS'] ?? '').split(/\s+/).filter(Boolean),
  responseTimeoutMs: 30_000,
  /** The whole run must end well inside 5 minutes. */
  watchdogMs: 280_000,
};

interface StartupFigures {
  /** Parent clock: spawn() → the child said ready. */
  spawnToReadyMs: number;
  /** Child clock (since its process started). */
  bootMs: number;
  importsMs: number;
  startMs: number;
  /** First interaction after ready, cold. */
  firstAnswerMs: number;
}

interface BotReport {
  kind: BotKind;
  label: string;
  migrateStart?: StartupFigures;
  startup: StartupFigures;
  rounds: LoadResult[];
  memory: { label: string; sample: MemorySample }[];
  logBytes: number;
  logLines: number;
  logSample: string[];
}

function machineLines(): string[] {
  const cpus = os.cpus();
  return [
    `Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ` +
      `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}`,
    `Runtime: Node ${process.version}, discord.js ${discordJsVersion}; each bot in its own process ` +
      '(node --expose-gc), the fake Discord and the load generator in this one',
    `Load average at start: ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')} (above ~0.3 the figures include other work on the machine)`,
  ];
}

async function firstAnswer(fake: FakeDiscord, userId: string): Promise<number> {
  const handle = await fake.slash({ user: userId, name: 'roadmap' });
  const attempt = await handle.waitForAttempt(settings.responseTimeoutMs);
  if (attempt.status >= 300) throw new Error(`first interaction refused: ${JSON.stringify(attempt.error)}`);
  return attempt.elapsedMs;
}

async function startChild(
  kind: BotKind,
  runtime: BotRuntime,
  env: Record<string, string>,
  fake: FakeDiscord,
  userId: string,
): Promise<{ child: BotChild; figures: StartupFigures; readyMemory: MemorySample }> {
  const child = new BotChild({ kind, runtime, env, nodeArgs: settings.childNodeArgs });
  await child.waitReady();
  const timings = child.timings;
  if (!timings) throw new Error(`${kind} bot sent no start-up timings`);
  // Memory first, so the reading is "after READY" and the first interaction still meets a cold bot.
  const readyMemory = await child.memory();
  const firstAnswerMs = await firstAnswer(fake, userId);
  return {
    child,
    readyMemory,
    figures: {
      spawnToReadyMs: child.readyAt - child.spawnedAt,
      bootMs: timings.mainAtMs,
      importsMs: timings.importsMs,
      startMs: timings.startMs,
      firstAnswerMs,
    },
  };
}

/** A bot that is up, with what is needed to load it. */
interface Contender {
  report: BotReport;
  child: BotChild;
  fake: FakeDiscord;
  target: LoadTarget;
}

async function loadRound(contender: Contender, round: number): Promise<void> {
  const { report, child, target } = contender;
  const result = await runLoad(target, {
    total: settings.interactions,
    ratePerSecond: settings.rate,
    responseTimeoutMs: settings.responseTimeoutMs,
    seed: round,
  });
  report.rounds.push(result);
  report.memory.push({
    label: `after ${(settings.interactions * round).toLocaleString('en')} interactions`,
    sample: await child.memory(),
  });
  report.logBytes = child.stdoutBytes;
  report.logLines = child.stdoutLines;
  report.logSample = child.firstLogLines;
  process.stderr.write(
    `  ${report.label} round ${round}: ${result.samples.length} answered, ${result.failures.length} failed\n`,
  );
}

function startFake(): Promise<FakeDiscord> {
  return startFakeDiscord({
    memberCount: settings.members,
    enforceDeadline: false,
    defaultTimeoutMs: settings.responseTimeoutMs,
  });
}

function activeUsersOf(fake: FakeDiscord): string[] {
  const users = fake.guild.members.slice(0, settings.activeMembers).map((member) => member.id);
  if (users.length === 0) throw new Error('the fake guild has no members');
  return users;
}

/** Migrate on a first start, seed, then the timed start; the fake is closed by the caller. */
async function startStepwise(
  fake: FakeDiscord,
  databasePath: string,
  runtime: BotRuntime,
  roadmap: Roadmap,
): Promise<Contender> {
  const env = {
    ...fakeDiscordEnv(fake),
    DATABASE_PATH: databasePath,
    LOG_LEVEL: settings.logLevel,
  };
  const activeUsers = activeUsersOf(fake);
  const firstUser = activeUsers[0] ?? '';

  // 1. A first start on an empty file applies the migrations (and registers the commands).
  process.stderr.write('  Stepwise: first start (migrations)\n');
  const first = await startChild('stepwise', runtime, env, fake, firstUser);
  await first.child.stop();

  // 2. Progress rows go straight into the file while no bot has it open.
  const stepIds = allSteps(roadmap).map((step) => step.id);
  const seeded = seedProgress({
    databasePath,
    guildId: fake.guild.id,
    userIds: activeUsers,
    stepIds,
    stepsPerMember: settings.stepsPerMember,
    trackIds: roadmap.tracks.map((track) => track.id),
    now: Date.now(),
  });
  process.stderr.write(`  seeded ${seeded.rows} progress rows in ${ms(seeded.ms, 0)} ms\n`);

  // 3. The timed start: migrations already applied, 50,000 rows in the file.
  process.stderr.write('  Stepwise: timed start\n');
  const started = await startChild('stepwise', runtime, env, fake, firstUser);
  return {
    child: started.child,
    fake,
    target: { kind: 'stepwise', fake, userIds: activeUsers, stepIds },
    report: {
      kind: 'stepwise',
      label: 'Stepwise',
      migrateStart: first.figures,
      startup: started.figures,
      rounds: [],
      memory: [{ label: 'after READY', sample: started.readyMemory }],
      logBytes: 0,
      logLines: 0,
      logSample: [],
    },
  };
}

/**
 * The baselines' replies carry no usable buttons, so each gets one message of the bot's own for everyone to
 * press: three small buttons for the plain baseline, the fixed step card for the rich one.
 */
async function postButtonMessage(fake: FakeDiscord, kind: BotKind): Promise<string> {
  const button = (customId: string, label: string) => ({ type: 2, style: 2, custom_id: customId, label });
  const message =
    kind === 'rich-baseline'
      ? fixedStepCard()
      : {
          content: 'Step card',
          components: [
            {
              type: 1,
              components: [
                button(FIXED_BUTTONS.status, 'In progress'),
                button(FIXED_BUTTONS.status2, 'Done'),
                button(FIXED_BUTTONS.next, 'Next'),
              ],
            },
          ],
        };
  const response = await fetch(`${fake.restUrl}/channels/${fake.guild.defaultChannel.id}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bot ${fake.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(message),
  });
  const body = (await response.json()) as { id?: unknown };
  if (!response.ok || typeof body.id !== 'string')
    throw new Error(
      `could not post the ${kind}'s button message: ${response.status} ${JSON.stringify(body)}`,
    );
  return body.id;
}

async function startBaseline(
  kind: 'baseline' | 'rich-baseline',
  fake: FakeDiscord,
  runtime: BotRuntime,
  roadmap: Roadmap,
): Promise<Contender> {
  const buttonMessageId = await postButtonMessage(fake, kind);
  const activeUsers = activeUsersOf(fake);
  process.stderr.write(`  ${kind}: start\n`);
  const env = fakeDiscordEnv(fake);
  const started = await startChild(kind, runtime, env, fake, activeUsers[0] ?? '');
  const stepIds = allSteps(roadmap).map((step) => step.id);
  return {
    child: started.child,
    fake,
    target: { kind, fake, userIds: activeUsers, stepIds, buttonMessageId },
    report: {
      kind,
      label: kind === 'baseline' ? 'Baseline' : 'Rich baseline',
      startup: started.figures,
      rounds: [],
      memory: [{ label: 'after READY', sample: started.readyMemory }],
      logBytes: 0,
      logLines: 0,
      logSample: [],
    },
  };
}

interface BenchResult {
  stepwise: BotReport;
  baseline: BotReport;
  rich: BotReport;
  services: ServiceReport;
}

/**
 * The bots stay up and their rounds alternate (Stepwise 1, baseline 1, rich baseline, Stepwise 2,
 * baseline 2), so a change in the machine's background load during the run hits them alike. The rich
 * baseline, there only to separate payload size from Stepwise's own work, gets one round.
 */
async function benchBots(dataDir: string, runtime: BotRuntime): Promise<BenchResult> {
  const roadmap = loadRoadmap();
  const databasePath = path.join(dataDir, 'stepwise.sqlite');
  const fakes: FakeDiscord[] = [];
  const contenders: Contender[] = [];
  const withFake = async (start: (fake: FakeDiscord) => Promise<Contender>): Promise<Contender> => {
    const fake = await startFake();
    fakes.push(fake);
    const contender = await start(fake);
    contenders.push(contender);
    return contender;
  };
  try {
    const stepwise = await withFake((fake) => startStepwise(fake, databasePath, runtime, roadmap));
    const baseline = await withFake((fake) => startBaseline('baseline', fake, runtime, roadmap));
    const rich = await withFake((fake) => startBaseline('rich-baseline', fake, runtime, roadmap));
    await loadRound(stepwise, 1);
    await loadRound(baseline, 1);
    await loadRound(rich, 1);
    await loadRound(stepwise, 2);
    await loadRound(baseline, 2);
    for (const contender of contenders.splice(0)) await contender.child.stop();

    process.stderr.write('  Stepwise: service timings\n');
    const services = await timeServices({
      databasePath,
      roadmap,
      guildId: stepwise.fake.guild.id,
      userIds: stepwise.target.userIds,
      calls: 2_000,
    });
    return { stepwise: stepwise.report, baseline: baseline.report, rich: rich.report, services };
  } finally {
    for (const contender of contenders) await contender.child.stop();
    for (const fake of fakes) await fake.close();
  }
}

function latencyRows(reports: readonly BotReport[]): string[][] {
  const rows = [
    [
      'bot',
      'round',
      'answered',
      'failed',
      '>3 s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'mean ms',
      'hi-res p50',
      'hi-res p99',
      'rate/s',
    ],
  ];
  for (const report of reports) {
    report.rounds.forEach((round, index) => {
      const d = distribution(round.samples.map((sample) => sample.elapsedMs));
      const hiRes = distribution(round.samples.map((sample) => sample.hiResMs));
      rows.push([
        report.label,
        String(index + 1),
        String(round.samples.length),
        String(round.failures.length),
        String(round.samples.filter((sample) => sample.elapsedMs > 3000).length),
        ms(d.p50),
        ms(d.p95),
        ms(d.p99),
        ms(d.max),
        ms(d.mean, 2),
        ms(hiRes.p50, 2),
        ms(hiRes.p99, 2),
        ms((1000 * (round.issued - 1)) / Math.max(1, round.sendSpanMs), 0),
      ]);
    });
  }
  return rows;
}

function printReport({ stepwise, baseline, rich, services }: BenchResult): void {
  const reports = [stepwise, baseline, rich];
  const p = (report: BotReport, round: number, pick: (sample: Sample) => number) =>
    distribution(report.rounds[round]?.samples.map(pick) ?? []);

  console.log('\n## 1. Interaction latency under load');
  console.log(
    `INTERACTION_CREATE sent → interaction callback received, measured at the fake (its elapsedMs, whole ms). ` +
      `${settings.interactions.toLocaleString('en')} interactions per round at ${settings.rate}/s, paced by a timer; ` +
      `each visit: ${SESSION.join(' → ')}.`,
  );
  console.log(table(latencyRows(reports)));
  console.log(
    'hi-res: the same span on this process’s performance.now(), from just before the fake builds the payload.',
  );

  const ratioRows = [['Stepwise / …', 'round', 'p50', 'p99', 'p50 (hi-res)', 'p99 (hi-res)']];
  const compare = (other: BotReport, round: number) => {
    const [s, o] = [p(stepwise, round, (x) => x.elapsedMs), p(other, round, (x) => x.elapsedMs)];
    const [sh, oh] = [p(stepwise, round, (x) => x.hiResMs), p(other, round, (x) => x.hiResMs)];
    ratioRows.push([
      other.label,
      String(round + 1),
      ratio(s.p50, o.p50),
      ratio(s.p99, o.p99),
      ratio(sh.p50, oh.p50),
      ratio(sh.p99, oh.p99),
    ]);
  };
  compare(baseline, 0);
  compare(baseline, 1);
  compare(rich, 0);
  console.log('\nRatios:');
  console.log(table(ratioRows));
  console.log(
    'Rich baseline: the guide-style bot answering every interaction with one fixed Stepwise step card ' +
      '(ephemeral reply to commands, message update for buttons): Stepwise’s payloads without its work.',
  );
  for (let round = 0; round < 2; round += 1) {
    const sw = p(stepwise, round, (x) => x.elapsedMs);
    const base = p(baseline, round, (x) => x.elapsedMs);
    console.log(
      `Goals, round ${round + 1}: p99 < 50 ms → ${sw.p99 < 50 ? 'met' : 'NOT met'} (${ms(sw.p99)} ms); ` +
        `p99 ratio to the baseline < 2 → ${sw.p99 / base.p99 < 2 ? 'met' : 'NOT met'} (${ratio(sw.p99, base.p99)})`,
    );
  }

  console.log('\nStepwise by interaction (both rounds; fake elapsedMs, and hi-res p50 of each bot):');
  const byOp = [
    [
      'interaction',
      'count',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'hi-res p50 ms',
      'baseline hi-res p50',
      'rich hi-res p50',
    ],
  ];
  const ofOp = (report: BotReport, op: string) =>
    report.rounds.flatMap((round) => round.samples.filter((sample) => sample.op === op));
  for (const op of SESSION) {
    const samples = ofOp(stepwise, op);
    const d = distribution(samples.map((sample) => sample.elapsedMs));
    byOp.push([
      op,
      String(d.count),
      ms(d.p50),
      ms(d.p95),
      ms(d.p99),
      ms(d.max),
      ms(distribution(samples.map((sample) => sample.hiResMs)).p50, 2),
      ms(distribution(ofOp(baseline, op).map((sample) => sample.hiResMs)).p50, 2),
      ms(distribution(ofOp(rich, op).map((sample) => sample.hiResMs)).p50, 2),
    ]);
  }
  console.log(table(byOp));
  const failures = reports.flatMap((report) =>
    report.rounds.flatMap((round) =>
      round.failures.map((failure) => `${report.label} ${failure.op}: ${failure.reason}`),
    ),
  );
  if (failures.length > 0) {
    console.log(`\nFailures (${failures.length}, first 5):`);
    for (const failure of failures.slice(0, 5)) console.log(`  ${failure}`);
  }
  console.log(
    '\nCPU during each round: the bot process; this process (fake Discord + load); everything else on the ' +
      'machine, in % of all its cores (anything but ~0 means other work competed with the bench):',
  );
  const cpuRows = [
    [
      'bot',
      'round',
      'bot CPU ms',
      'per interaction ms',
      'bot busy %',
      'loop delay p99 ms',
      'loop delay max ms',
      'fake CPU %',
      'others % of machine',
    ],
  ];
  const othersShares: number[] = [];
  for (const report of reports) {
    report.rounds.forEach((round, index) => {
      const before = report.memory[index]?.sample;
      const after = report.memory[index + 1]?.sample;
      if (!before || !after) return;
      const cpu = after.cpuMs - before.cpuAfterMs;
      const others =
        (100 * Math.max(0, round.machineCpuMs - cpu - round.parentCpuMs)) /
        Math.max(1, round.wallMs * os.cpus().length);
      othersShares.push(others);
      cpuRows.push([
        report.label,
        String(index + 1),
        ms(cpu, 0),
        ms(cpu / Math.max(1, round.issued), 2),
        ms((100 * cpu) / Math.max(1, round.wallMs), 0),
        ms(after.loopDelayP99Ms),
        ms(after.loopDelayMaxMs),
        ms((100 * round.parentCpuMs) / Math.max(1, round.wallMs), 0),
        ms(others, 0),
      ]);
    });
  }
  console.log(table(cpuRows));
  const busiest = Math.max(...othersShares);
  if (busiest > 10)
    console.log(
      `WARNING: other processes used up to ${ms(busiest, 0)}% of the machine during a round; the latency ` +
        'figures then measure the competition as much as the bot. Re-run on an idle machine.',
    );
  console.log(
    `\nPacing: worst timer lag ${reports.map((r) => `${r.label} ${ms(Math.max(...r.rounds.map((x) => x.maxLagMs)))} ms`).join(', ')}; ` +
      `most interactions in flight ${reports.map((r) => `${r.label} ${Math.max(...r.rounds.map((x) => x.maxInFlight))}`).join(', ')}.`,
  );

  console.log('\n## 2. Memory of the bot process (as it stands, then after global.gc())');
  const memRows = [
    [
      'bot',
      'reading',
      'RSS as is MB',
      'RSS after GC MB',
      'anon MB',
      'file MB',
      'heap used MB',
      'heap total MB',
      'external MB',
      'users',
      'members',
      'messages',
    ],
  ];
  for (const report of reports) {
    for (const { label, sample } of report.memory) {
      memRows.push([
        report.label,
        label,
        mb(sample.rssAsIs),
        mb(sample.rss),
        mb(sample.rssAnon),
        mb(sample.rssFile),
        mb(sample.heapUsed),
        mb(sample.heapTotal),
        mb(sample.external),
        String(sample.caches.users),
        String(sample.caches.members),
        String(sample.caches.messages),
      ]);
    }
  }
  console.log(table(memRows));
  console.log(
    '(anon: the process’s private memory; file: mapped files, mostly the node binary’s code, shared with ' +
      'other node processes; users / members / messages: entries in the discord.js caches)',
  );
  for (const report of reports) {
    const [, second, third] = report.memory;
    if (!second || !third) continue;
    const rss = third.sample.rss - second.sample.rss;
    const heap = third.sample.heapUsed - second.sample.heapUsed;
    const peak = Math.max(...report.memory.map((m) => m.sample.rss));
    const peakAsIs = Math.max(...report.memory.map((m) => m.sample.rssAsIs));
    const signed = (bytes: number) => `${bytes >= 0 ? '+' : ''}${mb(bytes)}`;
    // After a full gc the heap is the leak signal; RSS also moves with the allocator, so allow more.
    const flat = heap < 2 * 1024 * 1024 && rss < 10 * 1024 * 1024;
    console.log(
      `${report.label}: highest RSS ${mb(peakAsIs)} MB as it stood, ${mb(peak)} MB after GC ` +
        `(goal < 150 MB: ${peakAsIs < 150 * 1024 * 1024 ? 'met' : 'NOT met'} as it stood); ` +
        `2nd → 3rd reading RSS ${signed(rss)} MB, heap used ${signed(heap)} MB ` +
        `(goal no growth: ${flat ? 'met' : 'NOT met'}, noise taken as < 2 MB heap and < 10 MB RSS)` +
        (third.sample.gc ? '' : ' — gc() unavailable, readings include garbage'),
    );
  }

  console.log('\n## 3. Start-up (spawn → ready to answer)');
  const startRows = [
    [
      'start',
      'spawn → ready ms',
      'node boot ms',
      'imports ms',
      'startBot ms',
      'first answer ms',
      'spawn → first answer ms',
    ],
  ];
  const startRow = (label: string, f: StartupFigures) => [
    label,
    ms(f.spawnToReadyMs, 0),
    ms(f.bootMs, 0),
    ms(f.importsMs, 0),
    ms(f.startMs, 0),
    ms(f.firstAnswerMs, 0),
    ms(f.spawnToReadyMs + f.firstAnswerMs, 0),
  ];
  if (stepwise.migrateStart)
    startRows.push(startRow('Stepwise, empty file (migrates)', stepwise.migrateStart));
  startRows.push(startRow('Stepwise, migrated, 50k rows', stepwise.startup));
  startRows.push(startRow('Baseline', baseline.startup));
  startRows.push(startRow('Rich baseline', rich.startup));
  console.log(table(startRows));
  console.log(
    'ready = startBot() resolved: database opened, migrations checked, gateway READY, commands compared (and PUT ' +
      'when changed). Timed start reuses the fake, so its commands are already registered, as on a restart.',
  );

  console.log('\n## 4. Where a Stepwise interaction spends its time (in-process, seeded database, per call)');
  const svcRows = [['call', 'calls', 'mean µs', 'p50 µs', 'p99 µs', 'max µs']];
  for (const timing of services.timings) {
    svcRows.push([
      timing.name,
      String(timing.micros.count),
      ms(timing.micros.mean, 0),
      ms(timing.micros.p50, 0),
      ms(timing.micros.p99, 0),
      ms(timing.micros.max, 0),
    ]);
  }
  console.log(table(svcRows));
  console.log(`Query plan of the per-member read: ${services.plan.join(' | ')}`);
  console.log(
    `Reply sizes (JSON): overview ${services.payloadBytes.overview} B, step card ${services.payloadBytes.stepCard} B, ` +
      `progress ${services.payloadBytes.progress} B (the baseline sends "ok").`,
  );
  console.log(
    `Logging: LOG_LEVEL=${settings.logLevel}; Stepwise wrote ${stepwise.logLines} log lines (${stepwise.logBytes} bytes) during the run.`,
  );
  for (const line of stepwise.logSample)
    console.log(`  ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`);
}

/** The other benches in bench/, each in its own process with its own output, after ours. */
const OTHER_BENCHES = [
  { file: 'pairing.bench.ts', args: [], title: 'Interview pairing' },
  // 500 members keeps the round (paced by the emulated 50 requests/s global limit) near 10 s.
  { file: 'checkin-round.ts', args: ['500'], title: 'Weekly check-in round' },
];

function runOtherBench(file: string, args: readonly string[]): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', file), ...args],
      {
        cwd: PROJECT_ROOT,
        stdio: 'inherit',
      },
    );
    trackChild(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
    child.on('error', () => resolve(1));
  });
}

/** Returns the benches that failed. */
async function runOtherBenches(): Promise<string[]> {
  const failed: string[] = [];
  let section = 5;
  for (const bench of OTHER_BENCHES) {
    const heading = `\n## ${section++}. ${bench.title} (${['bench/' + bench.file, ...bench.args].join(' ')}, its own process)`;
    if (!fs.existsSync(path.join(PROJECT_ROOT, 'bench', bench.file))) {
      console.log(`${heading}: not found, skipped`);
      continue;
    }
    console.log(heading);
    const code = await runOtherBench(bench.file, bench.args);
    if (code !== 0) failed.push(`${bench.file} exited with ${code}`);
  }
  return failed;
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${settings.watchdogMs / 1000} s, giving up`);
    killAllChildren();
    process.exit(1);
  }, settings.watchdogMs);
  watchdog.unref();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-'));
  const cleanUp = () => {
    killAllChildren();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanUp();
      process.exit(130);
    });
  }

  const began = performance.now();
  console.log('# Stepwise benchmarks');
  for (const line of machineLines()) console.log(line);
  console.log(
    `Setup: ${settings.members.toLocaleString('en')} members (GUILD_CREATE as Discord sends it to a Guilds-intent bot: ` +
      `no member list), ${(settings.activeMembers * settings.stepsPerMember).toLocaleString('en')} progress rows ` +
      `(${settings.activeMembers.toLocaleString('en')} members × ${settings.stepsPerMember} steps), who are the ones interacting; ` +
      `bot LOG_LEVEL=${settings.logLevel}, logs piped to this process; fake with enforceDeadline off.`,
  );
  process.stderr.write('running (progress on stderr)…\n');
  let runtime: BotRuntime = { kind: 'tsx' };
  if (!settings.useTsx) {
    const root = path.join(dataDir, 'build');
    const compiled = compileBots(root, BOT_PROCESS_FILES);
    runtime = { kind: 'node', root };
    console.log(
      `Bots: compiled to JavaScript first (${compiled.files} files, transpile only, ${ms(compiled.ms, 0)} ms), ` +
        'then run with plain node as `npm start` runs dist/ (BENCH_RUNTIME=tsx runs the sources under tsx).',
    );
  } else {
    console.log(
      'Bots: run from the TypeScript sources under tsx (adds tsx’s memory and start-up to every figure).',
    );
  }
  printReport(await benchBots(dataDir, runtime));
  const failed = settings.others ? await runOtherBenches() : [];
  console.log(
    `\nTotal bench time ${((performance.now() - began) / 1000).toFixed(1)} s; load average now ` +
      `${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}.`,
  );
  if (failed.length > 0) {
    console.error(`bench: could not run ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error('bench: could not run:', error instanceof Error ? (error.stack ?? error.message) : error);
  killAllChildren();
  process.exit(1);
});
