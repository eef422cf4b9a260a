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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BOT_PROCESS_FILES, killAllChildren, type BotRuntime } from './child.js';
import { compileBots } from '../launch/compile.js';
import { ms } from './stats.js';
import { benchBots } from './run-bots.js';
import { printReport } from './run-report.js';
import { machineLines, settings } from './run-settings.js';
import { runOtherBenches } from './other-benches.js';

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
