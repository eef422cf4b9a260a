// Issue 12: "kill -9 at seeded random points of a 200-member round, 20 trials: 0 duplicates, 0 missed,
// every trial". Black box: the bot runs as its own process (the production entry point) against the fake
// Discord with rate limits on, and what is checked is what Discord received, counted per member.
//
// Each trial is its own server: a fresh round, 200 members the bot never sent a DM to (so every member
// costs a member lookup, a DM opened and the prompt). All trials share one database and one fake Discord.
// Trial 1's round is opened by the schedule when the first process starts; the others by
// `/checkin-admin setup` then `/checkin-admin send-now` (the round then runs inside the interaction) in the
// process the trial before left running. Once the fake has seen k members prompted (k drawn from the seed
// in 1..199, one to three kills a trial), the active process is killed with SIGKILL. Its successor is
// either started after the kill (a restart) or was started before it and stood by (a take-over), as the
// seed says; either way the round must end with every member prompted exactly once, by DM.
//
// A failure names the seed; replay it with
//   KILL_TRIALS_SEED=<seed> npx vitest run --project sqlite tests/e2e/kill-trials.test.ts
// (KILL_TRIALS=<n> for fewer or more trials). SQLite project only: the file starts some thirty processes and
// most of its time is processes starting and leases running out, none of which depends on the database kind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { joinCheckins, saveCheckinConfig } from '../../src/db/repositories/checkins.js';
import { mulberry32, randomInt, type Random } from '../../src/domain/interviews/random.js';
import {
  startFakeDiscord,
  type FakeDiscord,
  type FakeGuild,
  type FakeMessage,
} from '../../fake-discord/index.js';
import { compileBot } from '../../launch/compile.js';
import { startBotProcess, tempDatabase, type BotProcess, type Cleanups } from '../../launch/process.js';
import { migratedWithScheduleToday } from '../support/process-world.js';

const MEMBERS = 200;

const env = z
  .object({
    KILL_TRIALS_SEED: z.coerce.number().int().min(0).max(0xffffffff).optional(),
    KILL_TRIALS: z.coerce.number().int().min(1).max(100).default(20),
  })
  .parse(process.env);
const SEED = env.KILL_TRIALS_SEED ?? Math.floor(Math.random() * 0x100000000);
const TRIALS = env.KILL_TRIALS;
const replay = `seed ${SEED}, replay with KILL_TRIALS_SEED=${SEED}`;

/**
 * Discord's kinds of limit (global, and per route and major id, with its headers and 429s), raised as
 * Discord raises the global one for a large bot (the bot is told with DISCORD_GLOBAL_RATE_LIMIT), so that 20
 * rounds of three requests a member fit in the time. The report says how often a bucket was emptied.
 */
const GLOBAL_PER_SECOND = 400;
const PER_ROUTE = { limit: 100, windowMs: 1000 };
/** Discord creates each prompt, then answers this late: some kills land between the two. */
const ANSWER_DELAY_MS = 10;
/** After the last member got the prompt, how long a duplicate still in flight is given to arrive. */
const SETTLE_MS = 300;
/** Generous: a loaded CI machine starts a process in several seconds, and a kill costs a lease (2 s). */
const ROUND_BOUND_MS = 60_000;

/** After a kill, a process started then (a restart) or one that stood by since before it (a take-over). */
type Successor = 'restart' | 'standby';
interface KillPoint {
  /** Killed once this many members of the round hold a prompt. */
  afterPrompted: number;
  successor: Successor;
}

/** One to three kills, at distinct points in 1..MEMBERS-1, ascending. */
function killPoints(random: Random): KillPoint[] {
  const draw = random();
  const count = draw < 0.7 ? 1 : draw < 0.95 ? 2 : 3;
  const points = new Set<number>();
  while (points.size < count) points.add(1 + randomInt(random, MEMBERS - 1));
  return [...points]
    .sort((a, b) => a - b)
    .map((afterPrompted) => ({
      afterPrompted,
      successor: random() < 0.5 ? 'restart' : 'standby',
    }));
}

const random = mulberry32(SEED);
const plans = Array.from({ length: TRIALS }, () => killPoints(random));

const cleanups: Cleanups = [];
let fake: FakeDiscord;
let file: string;
/** The bot compiled once: some thirty processes start in this file. */
let entry: string;
/** The process holding the lease (or about to). */
let active: BotProcess;
/** A process started ahead of a kill: it stands by until the killed one's lease runs out. */
let standby: BotProcess | undefined;

function startBot(): BotProcess {
  return startBotProcess(
    cleanups,
    fake,
    file,
    {
      // The shortest lease allowed: a successor waits this long after a kill.
      INSTANCE_LEASE_SECONDS: '2',
      DISCORD_GLOBAL_RATE_LIMIT: String(GLOBAL_PER_SECOND),
    },
    entry,
  );
}

/** Starts a standby beside the active process, once that one holds the lease (else either may win it). */
async function startStandby(): Promise<void> {
  await active.waitForOutput(/"msg":"instance is active"/, ROUND_BOUND_MS);
  standby = startBot();
}

/** kill -9 the active process; the standby, if one was started, or a fresh process carries on. */
async function killActive(): Promise<void> {
  active.kill('SIGKILL');
  await active.exit;
  active = standby ?? startBot();
  standby = undefined;
}

const promptFlags = new WeakMap<FakeMessage, boolean>();
/** A check-in prompt (memoised: the counts are re-read on every change the fake sees). */
function isPrompt(message: FakeMessage): boolean {
  let flag = promptFlags.get(message);
  if (flag === undefined) {
    flag = JSON.stringify(message.embeds).includes('Weekly check-in');
    promptFlags.set(message, flag);
  }
  return flag;
}
const promptsTo = (userId: string) => fake.dmsTo(userId).filter(isPrompt).length;
/** Members already seen with a prompt: messages stay, so only the others are looked at again. */
const seenPrompted = new Set<string>();
function promptedIn(guild: FakeGuild): number {
  let count = 0;
  for (const member of guild.members) {
    if (seenPrompted.has(member.id) || (promptsTo(member.id) > 0 && seenPrompted.add(member.id))) count++;
  }
  return count;
}
const promptsInChannels = (guild: FakeGuild) =>
  guild.channels.reduce((sum, channel) => sum + fake.messagesIn(channel.id).filter(isPrompt).length, 0);

type Schedule = Awaited<ReturnType<typeof migratedWithScheduleToday>>['schedule'];

async function setUpAndSendNow(guild: FakeGuild, schedule: Schedule): Promise<void> {
  const channel = guild.channels.find((c) => c.name === 'accountability')!.id;
  const admin = { user: guild.ownerId, guildId: guild.id, channelId: channel, name: 'checkin-admin' };
  const setup = await fake.slash({
    ...admin,
    subcommand: 'setup',
    options: {
      channel: { channel },
      day: schedule.weekday,
      time: schedule.time,
      timezone: schedule.timezone,
    },
  });
  expect(String((await setup.response()).data?.content), replay).toMatch(/Weekly check-ins are set/);
  const sendNow = await fake.slash({ ...admin, subcommand: 'send-now' });
  await sendNow.response(); // deferred: the round is delivered before the reply is edited
}

const report: string[] = [];
/** For each kill: whether it landed while the round was under way (a k near 200 may just miss it). */
const kills: boolean[] = [];

describe(`kill -9 at seeded random points of a ${MEMBERS}-member check-in round (${replay})`, () => {
  let schedule: Schedule;

  beforeAll(async () => {
    console.log(`kill-trials: ${TRIALS} trials, ${replay}`);
    fake = await startFakeDiscord({
      guilds: Array.from({ length: TRIALS }, (_, i) => ({ name: `Trial ${i + 1}`, memberCount: MEMBERS })),
      rateLimit: { globalPerSecond: GLOBAL_PER_SECOND, perRoute: PER_ROUTE },
    });
    cleanups.push(() => fake.close());
    entry = compileBot(cleanups);
    file = tempDatabase(cleanups, 'stepwise-kill-trials-');
    const prepared = await migratedWithScheduleToday(file);
    const { handle, now } = prepared;
    schedule = prepared.schedule;
    await handle.db.transaction().execute(async (trx) => {
      for (const guild of fake.guilds)
        for (const member of guild.members) await joinCheckins(trx, guild.id, member.id, now);
    });
    // Trial 1: check-ins set up before this week's round opened, so the schedule opens it at start-up.
    const first = fake.guilds[0]!;
    await saveCheckinConfig(handle.db, {
      guild_id: first.id,
      channel_id: first.channels.find((c) => c.name === 'accountability')!.id,
      weekday: schedule.weekday,
      time: schedule.time,
      timezone: schedule.timezone,
      reminder_lead_hours: 24,
      delivery: 'dm',
      active_since: 0,
      updated_at: 0,
      updated_by: first.ownerId,
    });
    await handle.close();
    fake.delayNext({
      method: 'POST',
      route: '/channels/:id/messages',
      count: 1_000_000,
      ms: ANSWER_DELAY_MS,
      afterHandling: true,
    });
  }, ROUND_BOUND_MS);

  afterAll(async () => {
    const emptied = fake?.requests.filter((r) => r.responseHeaders['X-RateLimit-Remaining'] === '0').length;
    console.log(
      `kill-trials (${replay}): ${emptied ?? 0} requests emptied a bucket, ${fake?.stats.rateLimited ?? 0} were answered 429\n${report.join('\n')}`,
    );
    while (cleanups.length) await cleanups.pop()?.();
  });

  for (let trial = 0; trial < TRIALS; trial++) {
    const points = plans[trial]!;
    const plan = points.map((p) => `${p.afterPrompted} (${p.successor})`).join(', ');
    it(
      `trial ${trial + 1}: kill -9 after ${plan}: every member prompted exactly once`,
      async () => {
        const guild = fake.guilds[trial]!;
        const started = Date.now();
        if (trial === 0) active = startBot();
        else await setUpAndSendNow(guild, schedule);

        const promptedAtKill: number[] = [];
        for (const point of points) {
          // A kill that landed late may have passed the next point already (the first always happens).
          if (promptedAtKill.length > 0 && promptedIn(guild) >= point.afterPrompted) continue;
          if (point.successor === 'standby') await startStandby();
          await fake.waitFor(
            () => (promptedIn(guild) >= point.afterPrompted ? true : undefined),
            () => `${point.afterPrompted} members prompted (have ${promptedIn(guild)}; ${replay})`,
            ROUND_BOUND_MS,
          );
          await killActive();
          promptedAtKill.push(promptedIn(guild));
          kills.push(promptedIn(guild) < MEMBERS);
        }

        await fake.waitFor(
          () => (promptedIn(guild) === MEMBERS ? true : undefined),
          () => `every member prompted (have ${promptedIn(guild)}; ${replay})`,
          ROUND_BOUND_MS,
        );
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

        const doubled = guild.members.filter((m) => promptsTo(m.id) > 1).map((m) => m.username);
        const missed = guild.members.filter((m) => promptsTo(m.id) === 0).map((m) => m.username);
        report.push(
          `  trial ${trial + 1}: killed with ${promptedAtKill.join(', ')} of ${MEMBERS} prompted; ${doubled.length} duplicates, ${missed.length} missed; ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
        expect({ doubled, missed, promptsInChannels: promptsInChannels(guild) }, replay).toEqual({
          doubled: [],
          missed: [],
          promptsInChannels: 0,
        });
      },
      3 * ROUND_BOUND_MS,
    );
  }

  it('afterwards: no trial got a late duplicate, and no finished round was sent again', async () => {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const notOnce = fake.guilds.flatMap((guild) =>
      guild.members.filter((m) => promptsTo(m.id) !== 1).map((m) => `${guild.name}: ${m.username}`),
    );
    expect(notOnce, replay).toEqual([]);
    // The trials tried what they meant to: kills while rounds were under way.
    expect(kills.filter(Boolean).length, replay).toBeGreaterThanOrEqual(Math.ceil(kills.length * 0.75));
    // The last process shuts down cleanly.
    active.kill('SIGTERM');
    expect(await active.exit, replay).toBe(0);
  });
});
