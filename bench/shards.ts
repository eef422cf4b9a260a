// Two shards, one rate limit (issue 14): two bot processes (SHARD_COUNT=2, SHARD_IDS=0 and 1) on one
// PostgreSQL database deliver a check-in round in each of two servers (one per shard) at once, against the
// fake Discord with Discord's global limit of 50 requests per second for the bot.
// 1. Through one REST proxy (npm run proxy, @discordjs/proxy): the rounds against the global-limit lower
//    bound (authenticated requests / 50) and the 429s Discord answered.
// 2. The same without the proxy, each process keeping its own 50/s: the 429s the proxy prevents.
// Needs PostgreSQL (TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test); makes and drops
// its own database.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { guildIdOnShard, startFakeDiscord, type FakeDiscord } from '../fake-discord/index.js';
import { isCheckinPrompt, seedCheckinsToday } from '../launch/checkins-today.js';
import { freePort, runBotProcess, runNodeProcess, type BotProcess } from '../launch/process.js';
import { postgresUnreachable, redactedUrl, TEST_SERVER_URL } from '../tests/support/postgres-server.js';
import { table } from './stats.js';

const MEMBERS_PER_SERVER = Number(process.env.BENCH_MEMBERS ?? 2000);
const GLOBAL_PER_SECOND = 50;

type Cleanup = () => Promise<void> | void;

interface Outcome {
  label: string;
  prompts: number;
  requests: number;
  seconds: number;
  lowerBoundS: number;
  rateLimited: number;
  globalRateLimited: number;
}

async function createDatabase(cleanups: Cleanup[], name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const drop = new pg.Client({ connectionString: TEST_SERVER_URL });
    await drop.connect();
    await drop.query(`drop database if exists ${name} with (force)`);
    await drop.end();
  });
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function spawn(cleanups: Cleanup[], env: Record<string, string>, entry?: string): BotProcess {
  const child = entry
    ? runNodeProcess({ LOG_LEVEL: 'info', ...env }, ['--import', 'tsx', entry])
    : runBotProcess({ LOG_LEVEL: 'info', ...env });
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await Promise.race([child.exit, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    child.kill('SIGKILL');
  });
  return child;
}

async function run(label: string, viaProxy: boolean, runId: string): Promise<Outcome> {
  const cleanups: Cleanup[] = [];
  try {
    const fake: FakeDiscord = await startFakeDiscord({
      guilds: [
        { id: guildIdOnShard(0, 2), name: 'Shard zero', memberCount: MEMBERS_PER_SERVER },
        { id: guildIdOnShard(1, 2), name: 'Shard one', memberCount: MEMBERS_PER_SERVER },
      ],
      // Only the global limit is under test; per-route buckets (one per DM channel) never bind here.
      rateLimit: { globalPerSecond: GLOBAL_PER_SECOND, perRoute: { limit: 10_000, windowMs: 1000 } },
    });
    cleanups.push(() => fake.close());
    const guilds = fake.guilds;
    const url = await createDatabase(
      cleanups,
      `stepwise_bench_shards_${runId}_${viaProxy ? 'proxy' : 'direct'}`,
    );
    // Set up just now, so nothing starts by itself: send-now starts both rounds at once.
    await seedCheckinsToday({ DATABASE_URL: url }, guilds, 'now');

    let apiUrl = fake.apiUrl;
    if (viaProxy) {
      const port = await freePort();
      const proxy = spawn(
        cleanups,
        { DISCORD_API_URL: fake.apiUrl, PROXY_PORT: String(port) },
        'src/cli/proxy.ts',
      );
      await proxy.waitForOutput(/REST proxy listening/, 60_000);
      apiUrl = `http://127.0.0.1:${port}/api`;
    }
    const bots = [0, 1].map((shardId) =>
      spawn(cleanups, {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: apiUrl,
        DATABASE_URL: url,
        SHARD_COUNT: '2',
        SHARD_IDS: String(shardId),
        // As bench:checkins: with the Server Members intent, no member lookup before each prompt.
        DISCORD_MEMBERS_INTENT: 'true',
      }),
    );
    for (const bot of bots) await bot.waitForOutput(/"msg":"instance is active"/, 120_000);
    if (process.env.BENCH_DEBUG)
      cleanups.push(() => {
        for (const bot of bots)
          console.log(
            bot
              .output()
              .split('\n')
              .filter((line) => /"level":(40|50|60)/.test(line))
              .slice(0, 20)
              .join('\n'),
          );
      });

    const total = MEMBERS_PER_SERVER * guilds.length;
    console.log(`${label}: ${total} members in ${guilds.length} servers, send-now in both at once …`);
    fake.resetCounters();
    const requestsBefore = fake.requests.length;
    const prompted = () => fake.allMessages().filter(isCheckinPrompt).length;
    const started = performance.now();
    await Promise.all(
      guilds.map(async (guild) => {
        const sendNow = await fake.slash({
          user: guild.ownerId,
          name: 'checkin-admin',
          subcommand: 'send-now',
          guildId: guild.id,
        });
        await sendNow.response(30_000);
      }),
    );
    await fake.waitFor(() => (prompted() >= total ? true : undefined), 'both rounds', 1_800_000);
    const seconds = (performance.now() - started) / 1000;
    const roundRequests = fake.requests.slice(requestsBefore);
    const requests = roundRequests.filter(
      (r) => r.status !== 429 && r.headers['authorization'] !== undefined,
    ).length;
    if (process.env.BENCH_DEBUG) {
      const routes = new Map<string, number>();
      for (const r of roundRequests) {
        const key = `${r.method} ${r.route} ${r.status} auth=${r.headers['authorization'] !== undefined}`;
        routes.set(key, (routes.get(key) ?? 0) + 1);
      }
      console.log(routes);
    }
    return {
      label,
      prompts: prompted(),
      requests,
      seconds,
      lowerBoundS: requests / GLOBAL_PER_SECOND,
      rateLimited: fake.stats.rateLimited,
      globalRateLimited: fake.stats.globalRateLimited,
    };
  } finally {
    while (cleanups.length) await cleanups.pop()?.();
  }
}

async function main(): Promise<void> {
  const unreachable = await postgresUnreachable();
  if (unreachable) {
    console.error(`bench:shards needs PostgreSQL at ${redactedUrl(TEST_SERVER_URL)} (${unreachable}).`);
    process.exit(1);
  }
  const runId = Date.now().toString(36);
  const outcomes = [
    await run('Through the proxy', true, runId),
    await run('Without the proxy', false, runId),
  ];
  console.log(
    `\n# Two shard processes, ${MEMBERS_PER_SERVER} members per server, Discord's global limit ${GLOBAL_PER_SECOND}/s (npm run bench:shards)`,
  );
  console.log(
    table([
      ['run', 'prompts', 'requests', 'seconds', 'lower bound s', 'ratio', '429s (global)'],
      ...outcomes.map((o) => [
        o.label,
        String(o.prompts),
        String(o.requests),
        o.seconds.toFixed(1),
        o.lowerBoundS.toFixed(1),
        (o.seconds / o.lowerBoundS).toFixed(3),
        `${o.rateLimited} (${o.globalRateLimited})`,
      ]),
    ]),
  );
  console.log('Goal through the proxy: ratio ≤ 1.10 with 0 × 429.');
}

await main();
