// Durable rounds under load (issue 12): the bot as users run it (its own process, LOG_LEVEL=info) against
// the fake Discord with Discord's global limit of 50 requests per second.
// 1. Interaction latency idle, then while a 2,000-member check-in round is being delivered: `/roadmap`
//    (answered in the callback) and `/progress chart:True` (deferred, then edited through a webhook route).
// 2. That round against its lower bound (requests / 50) and the 429s it caused.
// 3. Take-over: a standby on the same database, the active one killed (kill -9): time until the standby
//    is active and until it answers an interaction.
import { performance } from 'node:perf_hooks';
import { type FakeDiscord, type InteractionHandle, type RecordedRequest } from '../fake-discord/index.js';
import { isCheckinPrompt, seedCheckinsToday } from '../launch/checkins-today.js';
import { processWorld, startBotProcess, type BotProcess, type Cleanups } from '../launch/process.js';
import { distribution, ms, ratio, table, type Distribution } from './stats.js';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 2000);
/**
 * With the Server Members intent (the default here, as in bench:checkins) the gateway says who left; without
 * it (BENCH_MEMBERS_INTENT=false, the bot's own default) each prompt costs a member lookup first.
 */
const MEMBERS_INTENT = process.env.BENCH_MEMBERS_INTENT !== 'false';
const GLOBAL_PER_SECOND = 50;
/** Interactions injected per second during both latency phases. */
const INTERACTION_RATE = 20;
const IDLE_INTERACTIONS = 300;
/** One interaction in this many is a deferred one (`/progress chart:True`, a chart drawn), one per 2 s. */
const DEFERRED_EVERY = 40;
/** An interaction not answered by then is recorded at this value (Discord gives up after 3 s). */
const UNANSWERED_AFTER_MS = 30_000;

const sleep = (msec: number) => new Promise((resolve) => setTimeout(resolve, msec));

interface Latencies {
  /** `/roadmap`: answered in the callback itself. */
  answers: Distribution;
  /** `/progress chart:True`: deferred, then its reply edited with the chart (a webhook route). */
  deferred: Distribution;
}

/**
 * Injects `/roadmap` from members at a steady rate until `until()` is true (or `count` were sent); one in
 * `DEFERRED_EVERY` is `/progress chart:True` instead, timed until its deferred reply is edited.
 */
async function interactionsWhile(
  fake: FakeDiscord,
  options: { count?: number; until?: () => boolean },
): Promise<Latencies> {
  const answers: Promise<number>[] = [];
  const deferred: Promise<number>[] = [];
  const started = performance.now();
  for (let i = 0; ; i++) {
    if (options.count !== undefined && i >= options.count) break;
    if (options.until?.()) break;
    const due = started + (i * 1000) / INTERACTION_RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const user = fake.guild.members[i % fake.guild.members.length]!.id;
    if (i % DEFERRED_EVERY === DEFERRED_EVERY - 1) {
      const sentAt = performance.now();
      deferred.push(
        fake
          .slash({ user, name: 'progress', options: { chart: true } })
          .then((handle: InteractionHandle) =>
            handle.waitForOriginal((m) => m.attachments.length > 0, UNANSWERED_AFTER_MS),
          )
          .then(
            () => performance.now() - sentAt,
            () => UNANSWERED_AFTER_MS,
          ),
      );
      continue;
    }
    answers.push(
      fake
        .slash({ user, name: 'roadmap' })
        .then((handle: InteractionHandle) => handle.waitForAttempt(UNANSWERED_AFTER_MS))
        .then(
          (attempt) => attempt.elapsedMs,
          // Counted at the cap rather than aborting the run: p99 then shows it.
          () => UNANSWERED_AFTER_MS,
        ),
    );
  }
  return {
    answers: distribution(await Promise.all(answers)),
    deferred: distribution(await Promise.all(deferred)),
  };
}

async function main(): Promise<void> {
  const cleanups: Cleanups = [];
  try {
    const { fake, file } = await processWorld(
      cleanups,
      {
        memberCount: MEMBERS,
        // Only the global limit is under test; per-route buckets (one per DM channel) never bind here.
        rateLimit: { globalPerSecond: GLOBAL_PER_SECOND, perRoute: { limit: 10_000, windowMs: 1000 } },
      },
      'stepwise-bench-durable-',
    );
    // Check-ins set up just now (so nothing starts by itself), every member joined.
    await seedCheckinsToday({ DATABASE_PATH: file }, [fake.guild], 'now');
    // As bench:checkins: with the Server Members intent, no member lookup before each prompt.
    const env = { LOG_LEVEL: 'info', DISCORD_MEMBERS_INTENT: String(MEMBERS_INTENT) };
    const active = startBotProcess(cleanups, fake, file, env);
    await active.waitForOutput(/Stepwise is running/, 60_000);

    // The chart worker starts with the first chart: not part of what is measured.
    const warmUp = await fake.slash({
      user: fake.guild.members[0]!.id,
      name: 'progress',
      options: { chart: true },
    });
    await warmUp.waitForOriginal((m) => m.attachments.length > 0, 60_000);

    console.log(`Idle: ${IDLE_INTERACTIONS} interactions at ${INTERACTION_RATE}/s …`);
    const idleFrom = active.output().length;
    const idle = await interactionsWhile(fake, { count: IDLE_INTERACTIONS });
    const idleHandling = handlingTimes(active.output().slice(idleFrom), 'roadmap');

    console.log(`Round: ${MEMBERS} members by DM, with interactions at ${INTERACTION_RATE}/s throughout …`);
    fake.resetCounters();
    const requestsBefore = fake.requests.length;
    const prompted = promptCounter(fake);
    const roundStarted = performance.now();
    const duringFrom = active.output().length;
    const sendNow = await fake.slash({
      user: fake.guild.ownerId,
      name: 'checkin-admin',
      subcommand: 'send-now',
    });
    await sendNow.response();
    const during = await interactionsWhile(fake, { until: () => prompted() >= MEMBERS });
    await fake.waitFor(() => (prompted() >= MEMBERS ? true : undefined), 'the whole round', 600_000);
    const roundS = (performance.now() - roundStarted) / 1000;
    const duringHandling = handlingTimes(active.output().slice(duringFrom), 'roadmap');
    const roundTraffic = fake.requests.slice(requestsBefore);
    // Read now: the take-over below sends requests of its own.
    const roundRateLimited = roundTraffic.filter((r) => r.status === 429).length;
    const roundRequests = roundTraffic.filter(
      (r) => r.status !== 429 && r.headers.authorization !== undefined,
    ).length;
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

    printPhases(
      'Interaction latency (`/roadmap`: injection → callback at the fake), bot at LOG_LEVEL=info',
      idle.answers,
      during.answers,
    );
    printPhases(
      'Inside the bot (latencyMs of its `interaction` log lines: received → answered, no network):',
      idleHandling,
      duringHandling,
    );
    console.log(
      `p99 during / idle: ${ratio(during.answers.p99, idle.answers.p99)} (goal: under 50 ms and at most 1.5×)`,
    );
    printPhases(
      'Deferred answers (`/progress chart:True`: injection → reply edited with the chart, bench clock):',
      idle.deferred,
      during.deferred,
    );
    // First week: each member costs one DM-open and one message, so this is the least a round can take.
    // Without the intent, a member lookup comes before each prompt.
    const expectedRequests = (MEMBERS_INTENT ? 2 : 3) * MEMBERS;
    const expectedBoundS = expectedRequests / GLOBAL_PER_SECOND;
    console.log(
      `\nRound: ${MEMBERS} prompts, ${roundRequests} authenticated requests (${expectedRequests} expected: ${MEMBERS_INTENT ? '' : 'a member lookup, '}a DM-open and a message per member) in ${roundS.toFixed(1)} s; 429s: ${roundRateLimited}`,
    );
    console.log(
      `  against the requests it made: lower bound ${lowerBoundS.toFixed(1)} s (requests / ${GLOBAL_PER_SECOND}), ratio ${(roundS / lowerBoundS).toFixed(3)} (goal ≤ 1.10)`,
    );
    console.log(
      `  against the requests it needed: lower bound ${expectedBoundS.toFixed(1)} s, ratio ${(roundS / expectedBoundS).toFixed(3)}`,
    );
    console.log('\nRequests during the round by route (status 429 counted apart):');
    console.log(table([['method', 'route', 'answered', '429'], ...byRoute(roundTraffic)]));
    console.log(
      `\nTake-over after kill -9 of the active instance: standby active after ${activeAfterS.toFixed(1)} s, first interaction answered after ${answeredAfterS.toFixed(1)} s (lease 15 s; bound 30 s)`,
    );
  } finally {
    while (cleanups.length) await cleanups.pop()?.();
  }
}

/** A title, then one distribution idle and one during the round, as a table. */
function printPhases(title: string, idle: Distribution, during: Distribution): void {
  const row = (name: string, d: Distribution) => [
    name,
    String(d.count),
    ms(d.p50),
    ms(d.p95),
    ms(d.p99),
    ms(d.max),
  ];
  console.log(`\n${title}`);
  console.log(
    table([
      ['phase', 'n', 'p50', 'p95', 'p99', 'max'],
      row('idle', idle),
      row(`during the ${MEMBERS}-member round`, during),
    ]),
  );
}

/**
 * How many check-in prompts the fake holds, looking only at messages added since the last call: asked 20
 * times a second during the round, a full scan (thousands of messages, each embed stringified) would load
 * the bench process that also plays Discord, and show up as interaction latency.
 */
function promptCounter(fake: FakeDiscord): () => number {
  let checked = 0;
  let prompts = 0;
  return () => {
    const messages = fake.allMessages();
    for (; checked < messages.length; checked++) if (isCheckinPrompt(messages[checked]!)) prompts++;
    return prompts;
  };
}

/** The bot's own handling times of one command, read from its `interaction` log lines. */
function handlingTimes(output: string, command: string): Distribution {
  const times: number[] = [];
  for (const line of output.split('\n')) {
    if (!line.includes('"msg":"interaction"')) continue;
    const entry = JSON.parse(line) as { command?: string; latencyMs?: number };
    if (entry.command === command && typeof entry.latencyMs === 'number') times.push(entry.latencyMs);
  }
  return distribution(times);
}

/** Where a round's requests go: one DM-open and one message per member is the expected shape. */
function byRoute(requests: readonly RecordedRequest[]): string[][] {
  const counts = new Map<string, { answered: number; limited: number }>();
  for (const r of requests) {
    const key = `${r.method} ${r.route}`;
    const entry = counts.get(key) ?? { answered: 0, limited: 0 };
    if (r.status === 429) entry.limited += 1;
    else entry.answered += 1;
    counts.set(key, entry);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1].answered - a[1].answered)
    .map(([key, { answered, limited }]) => {
      const [method = '', route = ''] = key.split(' ');
      return [method, route, String(answered), String(limited)];
    });
}

function stopQuietly(bot: BotProcess): void {
  bot.kill('SIGTERM');
}

await main();
