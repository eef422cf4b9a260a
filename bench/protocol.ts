/**
 * Messages between a bench (parent: fake Discord + load, through BotChild in bench/child.ts) and
 * bench/bot-process.ts (child: one bot).
 */

/** 'baseline' answers "ok"; 'rich-baseline' answers every interaction with one fixed Stepwise step card. */
export type BotKind = 'stepwise' | 'baseline' | 'rich-baseline';

/** The custom ids of the three buttons the load presses on a baseline's message. */
export const FIXED_BUTTONS = { status: 'in_progress', status2: 'done', next: 'next' } as const;

export interface StartupTimings {
  /** performance.now() in the child when its own code began: node + tsx boot, before any import. */
  mainAtMs: number;
  /** Loading the bot's modules (discord.js, Kysely, the commands…). */
  importsMs: number;
  /** startBot() (or the baseline's login): database, migrations, gateway, READY, command sync. */
  startMs: number;
  /** performance.now() in the child when it could answer: ms since its process started. */
  readyAtMs: number;
}

export interface CacheSizes {
  users: number;
  members: number;
  channels: number;
  /** Messages cached over every channel. */
  messages: number;
}

export interface MemorySample {
  /** RSS as it stands, before the forced collections: what a user's `ps` shows. */
  rssAsIs: number;
  rss: number;
  /** Linux only (/proc/self/status), else NaN: private memory vs mapped files (node's own code, shared). */
  rssAnon: number;
  rssFile: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Whether global.gc() ran before the reading (node --expose-gc). */
  gc: boolean;
  caches: CacheSizes;
  /** CPU the bot process used since it started (user + system), ms, before this reading's gc()… */
  cpuMs: number;
  /** …and after it, so the next interval does not count the bench's own collections. */
  cpuAfterMs: number;
  /** Event-loop delay since the previous reading: how long work waited for the bot's one thread. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export type ParentMessage = { type: 'memory'; id: number } | { type: 'stop'; id: number };

export type ChildMessage =
  | { type: 'ready'; timings: StartupTimings }
  | { type: 'memory'; id: number; sample: MemorySample }
  | { type: 'stopped'; id: number }
  | { type: 'failed'; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** IPC payloads arrive untyped; trust only what has the expected shape. */
export function asChildMessage(value: unknown): ChildMessage | undefined {
  if (!isRecord(value) || typeof value['type'] !== 'string') return undefined;
  switch (value['type']) {
    case 'ready':
      return isRecord(value['timings']) ? (value as ChildMessage) : undefined;
    case 'memory':
      return typeof value['id'] === 'number' && isRecord(value['sample'])
        ? (value as ChildMessage)
        : undefined;
    case 'stopped':
      return typeof value['id'] === 'number' ? (value as ChildMessage) : undefined;
    case 'failed':
      return typeof value['message'] === 'string' ? (value as ChildMessage) : undefined;
    default:
      return undefined;
  }
}

export function asParentMessage(value: unknown): ParentMessage | undefined {
  if (!isRecord(value) || typeof value['id'] !== 'number') return undefined;
  if (value['type'] === 'memory' || value['type'] === 'stop') return value as ParentMessage;
  return undefined;
}
