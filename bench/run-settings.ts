// `npm run bench`'s knobs (environment variables, read once) and the machine it runs on.
import os from 'node:os';
import { version as discordJsVersion } from 'discord.js';
import { intFromEnv } from './env.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function logLevelFromEnv(): string {
  // What users run: `npm start` logs at info unless LOG_LEVEL says otherwise.
  const raw = process.env['BENCH_LOG_LEVEL'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw))
    throw new Error(`BENCH_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  return raw;
}

export const settings = {
  members: 10_000,
  activeMembers: 2_000,
  stepsPerMember: 25,
  interactions: intFromEnv('BENCH_INTERACTIONS', 5_000, 1, 100_000),
  rate: intFromEnv('BENCH_RATE', 250, 1, 5_000),
  logLevel: logLevelFromEnv(),
  others: process.env['BENCH_OTHERS'] !== '0',
  /** 'tsx' runs the bots from the TypeScript sources (adds tsx's own memory and start-up). */
  useTsx: process.env['BENCH_RUNTIME'] === 'tsx',
  childNodeArgs: (process.env['BENCH_CHILD_NODE_ARGS'] ?? '').split(/\s+/).filter(Boolean),
  responseTimeoutMs: 30_000,
  /** The whole run must end well inside 5 minutes. */
  watchdogMs: 280_000,
};

export function machineLines(): string[] {
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
