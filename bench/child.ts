import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ConfigSchema } from '../src/config.js';
import {
  asChildMessage,
  type BotKind,
  type ChildMessage,
  type MemorySample,
  type ParentMessage,
  type StartupTimings,
} from './protocol.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const live = new Set<ChildProcess>();

// Stepwise's own variables come only from the bench, never from the shell that started it.
const CONFIG_KEYS = Object.keys(ConfigSchema.shape);

function botEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of CONFIG_KEYS) delete env[key];
  // NODE_OPTIONS from `npm run` would add flags we do not control; the bench passes its own.
  delete env['NODE_OPTIONS'];
  return { ...env, ...overrides };
}

/** Registers any process the bench starts, so killAllChildren() ends it too. */
export function trackChild(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** Kills every process the bench started that is still running: on exit, on error and on Ctrl-C. */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/**
 * Node flags of the production start (`npm start` and the Dockerfile's CMD say the same): a smaller young
 * generation keeps RSS under 150 MB without the latency cost that 4 MB semi-spaces showed (bench, 2026-11-21).
 */
export const STEPWISE_NODE_FLAGS = ['--max-semi-space-size=8'];

/** The bench's side of a bot process, compiled with the bot (launch/compile.ts) for the 'node' runtime. */
export const BOT_PROCESS_FILES = [
  'bench/bot-process.ts',
  'bench/baseline-bot.ts',
  'bench/fixed-card.ts',
  'bench/protocol.ts',
];

/** 'node': plain node on the JavaScript compileBots() wrote to `root`; 'tsx': the TypeScript sources. */
export type BotRuntime = { kind: 'node'; root: string } | { kind: 'tsx' };

export interface BotChildOptions {
  kind: BotKind;
  runtime: BotRuntime;
  env: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof (BENCH_CHILD_NODE_ARGS). */
  nodeArgs?: readonly string[];
  readyTimeoutMs?: number;
}

/** A bot in its own process, driven over IPC. */
export class BotChild {
  /** performance.now() in this process when spawn() was called. */
  readonly spawnedAt: number;
  /** performance.now() in this process when the child said it was ready. */
  readyAt = 0;
  timings: StartupTimings | undefined;
  /** What the bot wrote on stdout (its JSON logs). */
  stdoutBytes = 0;
  stdoutLines = 0;
  /** The first few log lines, to show what a quiet log level still printed. */
  readonly firstLogLines: string[] = [];
  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private readonly pending = new Map<number, (message: ChildMessage) => void>();
  private nextId = 1;
  private exited: string | undefined;
  private readonly ready: Promise<void>;

  constructor(readonly options: BotChildOptions) {
    this.spawnedAt = performance.now();
    this.child = spawn(
      process.execPath,
      [
        // Every bot runs with the flags production uses (`npm start`, the Dockerfile): like for like.
        ...STEPWISE_NODE_FLAGS,
        ...(options.nodeArgs ?? []),
        '--expose-gc',
        ...(options.runtime.kind === 'node'
          ? [path.join(options.runtime.root, 'bench', 'bot-process.js')]
          : ['--import', 'tsx', path.join('bench', 'bot-process.ts')]),
        options.kind,
      ],
      {
        cwd: PROJECT_ROOT,
        env: botEnvironment(options.env),
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    trackChild(this.child);
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.stdoutBytes += chunk.length;
      for (const byte of chunk) if (byte === 10) this.stdoutLines += 1;
      if (this.firstLogLines.length < 5) {
        const lines = chunk.toString('utf8').split('\n').filter(Boolean);
        this.firstLogLines.push(...lines.slice(0, 5 - this.firstLogLines.length));
      }
      this.keepTail(chunk);
    });
    this.child.stderr?.on('data', (chunk: Buffer) => this.keepTail(chunk));

    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${options.kind} bot not ready after ${options.readyTimeoutMs ?? 60_000} ms`)),
        options.readyTimeoutMs ?? 60_000,
      );
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(`${options.kind} bot: ${why}\n${this.tail.join('')}`));
      };
      this.child.on('message', (raw: unknown) => {
        const message = asChildMessage(raw);
        if (!message) return;
        if (message.type === 'ready') {
          this.readyAt = performance.now();
          this.timings = message.timings;
          clearTimeout(timer);
          resolve();
        } else if (message.type === 'failed') {
          fail(`failed to start: ${message.message}`);
        } else {
          this.pending.get(message.id)?.(message);
          this.pending.delete(message.id);
        }
      });
      this.child.on('exit', (code, signal) => {
        this.exited = `exited with ${signal ?? `code ${code ?? '?'}`}`;
        fail(this.exited);
      });
      this.child.on('error', (error) => fail(error.message));
    });
    // Awaited by waitReady(); this only keeps a failure before that from counting as unhandled.
    this.ready.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves when the bot answered 'ready' (startBot resolved: READY seen and commands synced). */
  waitReady(): Promise<void> {
    return this.ready;
  }

  async memory(timeoutMs = 30_000): Promise<MemorySample> {
    const reply = await this.request({ type: 'memory', id: this.nextId++ }, timeoutMs);
    if (reply.type !== 'memory') throw new Error(`unexpected reply ${reply.type}`);
    return reply.sample;
  }

  /** Graceful stop through the bot's own stop(); killed if it takes longer than the timeout. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.request({ type: 'stop', id: this.nextId++ }, timeoutMs);
    } catch {
      this.child.kill('SIGKILL');
    }
    await exited;
  }

  private request(message: ParentMessage, timeoutMs: number): Promise<ChildMessage> {
    if (this.exited) return Promise.reject(new Error(`${this.options.kind} bot ${this.exited}`));
    return new Promise<ChildMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(message.id);
        reject(new Error(`${this.options.kind} bot did not answer "${message.type}" in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(message.id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.child.send(message);
    });
  }

  private keepTail(chunk: Buffer): void {
    this.tail.push(chunk.toString('utf8'));
    while (this.tail.length > 20) this.tail.shift();
  }
}
