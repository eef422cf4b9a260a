import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exit: Promise<number | null>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
}

/**
/**
 * Runs the production entry point (src/index.ts through tsx) as its own process with only the given
 * environment; `compiledEntry` (from compileBot in compiled-bot.ts) runs that JavaScript instead.
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
