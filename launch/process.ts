/**
 * The bot (or another entry, such as the REST proxy) as its own process against the fake Discord, with
 * only the environment it is given: the production entry point as users run it. Used by the process tests
 * and the benches that kill, restart or shard bots; src/ and commands/ never import it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../fake-discord/index.js';
import { fakeDiscordEnv } from './env.js';

const root = path.resolve(import.meta.dirname, '..');

/** What to undo when a test or bench ends, last first. */
export type Cleanups = Array<() => Promise<void> | void>;

export interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exit: Promise<number | null>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Runs the production entry point (src/index.ts through tsx) as its own process with only the given
 * environment; `compiledEntry` (from compileBot in compile.ts) runs that JavaScript instead.
 */
export function runBotProcess(env: Record<string, string>, compiledEntry?: string): BotProcess {
  return runNodeProcess(env, compiledEntry ? [compiledEntry] : ['--import', 'tsx', 'src/index.ts']);
}

/** Node with these arguments (another entry, such as the REST proxy: src/cli/proxy.ts through tsx). */
export function runNodeProcess(env: Record<string, string>, args: string[]): BotProcess {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exit,
    async waitForOutput(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${pattern}; output so far:\n${output}`);
        if (child.exitCode !== null)
          throw new Error(`the bot exited (${child.exitCode}) before ${pattern}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/**
 * The production entry point as its own process against the fake on a SQLite file, killed by the cleanups.
 * `compiledEntry`: run the bot compiled once by compileBot (callers that start many processes).
 */
export function startBotProcess(
  cleanups: Cleanups,
  fake: FakeDiscord,
  file: string,
  env: Record<string, string> = {},
  compiledEntry?: string,
): BotProcess {
  const bot = runBotProcess(
    { ...fakeDiscordEnv(fake), DATABASE_PATH: file, LOG_LEVEL: 'info', ...env },
    compiledEntry,
  );
  cleanups.push(() => bot.kill());
  return bot;
}

/** A SQLite file in a new temporary folder, removed by the cleanups. */
export function tempDatabase(cleanups: Cleanups, prefix = 'stepwise-process-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'bot.sqlite');
}

/**
 * The world bot processes start in: a fake Discord and a SQLite file in a new temporary folder, both undone
 * by the cleanups.
 */
export async function processWorld(
  cleanups: Cleanups,
  fakeOptions: FakeDiscordOptions,
  prefix?: string,
): Promise<{ fake: FakeDiscord; file: string }> {
  const fake = await startFakeDiscord(fakeOptions);
  cleanups.push(() => fake.close());
  return { fake, file: tempDatabase(cleanups, prefix) };
}

/** A TCP port nothing listens on just now (for a health server or the REST proxy). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
