/**
 * One bot in its own process, so its memory is measured without the fake Discord's.
 * Spawned by BotChild (bench/child.ts) for `npm run bench` and bench:db as `node --expose-gc
 * bench/bot-process.js <stepwise|baseline|rich-baseline>` (compiled, or the .ts through tsx) with the bot's
 * environment (DISCORD_TOKEN, DISCORD_API_URL, DATABASE_PATH, LOG_LEVEL); talks to the parent over IPC only.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Client } from 'discord.js';
import {
  asParentMessage,
  type BotKind,
  type CacheSizes,
  type ChildMessage,
  type MemorySample,
  type StartupTimings,
} from './protocol.js';

const mainAtMs = performance.now();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

function cacheSizes(client: Client): CacheSizes {
  let members = 0;
  let messages = 0;
  for (const guild of client.guilds.cache.values()) members += guild.members.cache.size;
  for (const channel of client.channels.cache.values()) {
    if ('messages' in channel) messages += channel.messages.cache.size;
  }
  return { users: client.users.cache.size, members, channels: client.channels.cache.size, messages };
}

/** RssAnon / RssFile from /proc/self/status (kB), in bytes; NaN where there is no /proc. */
function rssParts(): { anon: number; file: number } {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
    return { anon: field('RssAnon'), file: field('RssFile') };
  } catch {
    return { anon: Number.NaN, file: Number.NaN };
  }
}

function cpuTotalMs(): number {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
}

function memorySample(client: Client): MemorySample {
  // CPU and loop delay first, so our own collections below are not counted as the bot's work.
  const cpuMs = cpuTotalMs();
  const delay = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  loopDelay.disable();
  const rssAsIs = process.memoryUsage.rss();
  const gc = globalThis.gc;
  // Two passes: the first can leave objects that only a second collection frees (weak refs, finalizers).
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  const parts = rssParts();
  loopDelay.reset();
  loopDelay.enable();
  return {
    rssAsIs,
    rss: usage.rss,
    rssAnon: parts.anon,
    rssFile: parts.file,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    gc: gc !== undefined,
    caches: cacheSizes(client),
    cpuMs,
    cpuAfterMs: cpuTotalMs(),
    loopDelayP99Ms: delay.p99,
    loopDelayMaxMs: delay.max,
  };
}

async function start(
  kind: BotKind,
): Promise<{ client: Client; stop: () => Promise<void>; timings: StartupTimings }> {
  if (kind === 'stepwise') {
    const importsAt = performance.now();
    const [{ startBot }, { parseConfig }, { createLogger }] = await Promise.all([
      import('../src/bot.js'),
      import('../src/config.js'),
      import('../src/logger.js'),
    ]);
    const startAt = performance.now();
    // The real start-up, configured from the environment as production does (minus the .env file).
    const config = parseConfig(process.env);
    const bot = await startBot({ config, logger: createLogger(config.LOG_LEVEL) });
    const readyAtMs = performance.now();
    return {
      client: bot.client,
      stop: () => bot.stop('bench finished'),
      timings: { mainAtMs, importsMs: startAt - importsAt, startMs: readyAtMs - startAt, readyAtMs },
    };
  }
  const importsAt = performance.now();
  const [{ startBaselineBot }, card] = await Promise.all([
    import('./baseline-bot.js'),
    kind === 'rich-baseline' ? import('./fixed-card.js').then((m) => m.fixedStepCard()) : undefined,
  ]);
  const startAt = performance.now();
  const client = await startBaselineBot(
    process.env['DISCORD_TOKEN'] ?? '',
    process.env['DISCORD_API_URL'] ?? '',
    card,
  );
  const readyAtMs = performance.now();
  return {
    client,
    stop: () => client.destroy(),
    timings: { mainAtMs, importsMs: startAt - importsAt, startMs: readyAtMs - startAt, readyAtMs },
  };
}

async function main(): Promise<void> {
  const kind = process.argv[2];
  if (kind !== 'stepwise' && kind !== 'baseline' && kind !== 'rich-baseline')
    throw new Error(`unknown bot kind "${kind ?? ''}"`);
  if (!process.send) throw new Error('bench/bot-process.ts must be spawned with an IPC channel');
  // An orphan would keep a gateway session and a database open: leave with the parent.
  process.on('disconnect', () => process.exit(1));

  const bot = await start(kind);
  loopDelay.enable();
  let stopping = false;
  process.on('message', (raw: unknown) => {
    const message = asParentMessage(raw);
    if (!message) return;
    if (message.type === 'memory') {
      void send({ type: 'memory', id: message.id, sample: memorySample(bot.client) });
      return;
    }
    if (stopping) return;
    stopping = true;
    void bot
      .stop()
      .then(() => send({ type: 'stopped', id: message.id }))
      .then(() => process.exit(0));
  });
  await send({ type: 'ready', timings: bot.timings });
}

main().catch(async (error: unknown) => {
  await send({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
});
