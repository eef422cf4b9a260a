// Durable rounds under load (issue 12): the bot as users run it (its own process, LOG_LEVEL=info) against
// the fake Discord with Discord's global limit of 50 requests per second.
// 1. Interaction latency idle, then while a 2,000-member check-in round is being delivered.
// 2. That round against its lower bound (requests / 50) and the 429s it caused.
// 3. Take-over: a standby on the same database, the active one killed (kill -9): time until the standby
//    is active and until it answers an interaction.
import { performance } from 'node:perf_hooks';
import { joinCheckins, saveCheckinConfig } from '../src/db/repositories/checkins.js';
import { startFakeDiscord, type FakeDiscord, type InteractionHandle } from '../tests/fake-discord/index.js';
import type { BotProcess } from '../tests/support/bot-process.js';
import {
  isCheckinPrompt,
  migratedWithScheduleToday,
  startBotProcess,
  tempDatabase,
  type Cleanups,
} from '../tests/support/process-world.js';
import { distribution, ms, ratio, table, type Distribution } from './stats.js';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 2000);
const GLOBAL_PER_SECOND = 50;
/** Interactions injected per second during both latency phases. */
const INTERACTION_RATE = 20;
const IDLE_INTERACTIONS = 300;

const sleep = (msec: number) => new Promise((resolve) => setTimeout(resolve, msec));

/** A server with check-ins set up just now (so nothing starts by itself) and every member joined. */
async function prepare(fake: FakeDiscord, file: string): Promise<void> {
  const { handle, now, schedule } = await migratedWithScheduleToday(file);
  await saveCheckinConfig(handle.db, {
    guild_id: fake.guild.id,
    channel_id: fake.guild.channels[0]!.id,
    weekday: schedule.weekday,
    time: schedule.time,
    timezone: schedule.timezone,
    reminder_lead_hours: schedule.reminderLeadHours,
    delivery: 'dm',
    active_since: now.getTime(),
    updated_at: now.getTime(),
    updated_by: fake.guild.ownerId,
  });
  await handle.db.transaction().execute(async (trx) => {
    for (const member of fake.guild.members) await joinCheckins(trx, fake.guild.id, member.id, now);
  });
  await handle.close();
}

/** Injects `/roadmap` from members at a steady rate until `until()` is true (or `count` were sent). */
async function interactionsWhile(
  fake: FakeDiscord,
  options: { count?: number; until?: () => boolean },
): Promise<Distribution> {
  const handles: Promise<number>[] = [];
  const started = performance.now();
  for (let i = 0; ; i++) {
    if (options.count !== undefined && i >= options.count) break;
    if (options.until?.()) break;
    const due = started + (i * 1000) / INTERACTION_RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const user = fake.guild.members[i % fake.guild.members.length]!.id;
    handles.push(
      fake
        .slash({ user, name: 'roadmap' })
        .then((handle: InteractionHandle) => handle.waitForAttempt(10_000))
        .then((attempt) => attempt.elapsedMs),
    );
  }
  return distribution(await Promise.all(handles));
}

async function main(): Promise<void> {
  const cleanups: Cleanups = [];
  try {
    const fake = await startFakeDiscord({
      memberCount: MEMBERS,
      // Only the global limit is under test; per-route buckets (one per DM channel) never bind here.
      rateLimit: { globalPerSecond: GLOBAL_PER_SECOND, perRoute: { limit: 10_000, windowMs: 1000 } },
    });
    cleanups.push(() => fake.close());
    const file = tempDatabase(cleanups, 'stepwise-bench-durable-');
    await prepare(fake, file);
    // As bench:checkins: with the Server Members intent, no member lookup before each prompt.
    const env = { LOG_LEVEL: 'info', DISCORD_MEMBERS_INTENT: 'true' };
    const active = startBotProcess(cleanups, fake, file, env);
    await active.waitForOutput(/Stepwise is running/, 60_000);

    console.log(`Idle: ${IDLE_INTERACTIONS} interactions at ${INTERACTION_RATE}/s …`);
    const idle = await interactionsWhile(fake, { count: IDLE_INTERACTIONS });

    console.log(`Round: ${MEMBERS} members by DM, with interactions at ${INTERACTION_RATE}/s throughout …`);
    fake.resetCounters();
    const requestsBefore = fake.requests.length;
    const prompted = () => fake.allMessages().filter(isCheckinPrompt).length;
    const roundStarted = performance.now();
    const sendNow = await fake.slash({
      user: fake.guild.ownerId,
      name: 'checkin-admin',
      subcommand: 'send-now',
    });
    await sendNow.response();
    const during = await interactionsWhile(fake, { until: () => prompted() >= MEMBERS });
    await fake.waitFor(() => (prompted() >= MEMBERS ? true : undefined), 'the whole round', 600_000);
    const roundS = (performance.now() - roundStarted) / 1000;
    const roundRequests = fake.requests
      .slice(requestsBefore)
      .filter((r) => r.status !== 429 && r.headers.authorization !== undefined).length;
    const lowerBoundS = roundRequests / GLOBAL_PER_SECOND;

    console.log('Take-over: a standby on the same database, the active instance killed (kill -9) …');
    const standby = startBotProcess(cleanups, fake, file, env);
    await standby.waitForOutput(/standing by/, 60_000);
    const killedAt = performance.now();
    active.kill('SIGKILL');
    await active.exit;
    await standby.waitForOutput(/"msg":"instance is active"/, 60_000);
    const activeAfterS = (performance.now() - killedAt) / 1000;
    let answeredAfterS = Number.NaN;
    for (;;) {
      const probe = await fake.slash({ user: fake.guild.members[0]!.id, name: 'help' });
      const attempt = await probe.waitForAttempt(1000).catch(() => undefined);
      if (attempt) {
        answeredAfterS = (performance.now() - killedAt) / 1000;
        break;
      }
    }
    stopQuietly(standby);

    const row = (name: string, d: Distribution) => [
      name,
      String(d.count),
      ms(d.p50),
      ms(d.p95),
      ms(d.p99),
      ms(d.max),
    ];
    console.log('\nInteraction latency (injection → callback at the fake), bot at LOG_LEVEL=info');
    console.log(
      table([
        ['phase', 'n', 'p50', 'p95', 'p99', 'max'],
        row('idle', idle),
        row(`during the ${MEMBERS}-member round`, during),
      ]),
    );
    console.log(`p99 during / idle: ${ratio(during.p99, idle.p99)} (goal: under 50 ms and at most 1.5×)`);
    console.log(
      `\nRound: ${MEMBERS} prompts, ${roundRequests} authenticated requests in ${roundS.toFixed(1)} s; lower bound ${lowerBoundS.toFixed(1)} s (requests / ${GLOBAL_PER_SECOND}); ratio ${(roundS / lowerBoundS).toFixed(3)} (goal ≤ 1.10); 429s: ${fake.stats.rateLimited}`,
    );
    console.log(
      `\nTake-over after kill -9 of the active instance: standby active after ${activeAfterS.toFixed(1)} s, first interaction answered after ${answeredAfterS.toFixed(1)} s (lease 15 s; bound 30 s)`,
    );
  } finally {
    while (cleanups.length) await cleanups.pop()?.();
  }
}

function stopQuietly(bot: BotProcess): void {
  bot.kill('SIGTERM');
}

await main();
