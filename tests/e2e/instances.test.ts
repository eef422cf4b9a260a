// Issue 12, "Two instances started together: one answers, the other waits; kill -9 the active one: the
// standby takes over within the bound and finishes the round; 0 duplicate replies, threads, intros or
// DMs". The first test: both processes start at once; health says one is active and one standby; each
// interaction gets exactly one answer (the join's test DM once); the active one is killed (kill -9) in
// the middle of the interview round; the standby is active within 30 s and finishes both rounds: one
// prompt per member, one thread per member, one intro per thread, the standby having answered and run
// nothing before. The second: a clean SIGTERM hands the lease over at once. Check-in rounds killed mid-way
// with a standby taking over are also in kill-trials.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, type InteractionHandle } from '../../fake-discord/index.js';
import {
  freePort,
  processWorld,
  startBotProcess,
  type BotProcess,
  type Cleanups,
} from '../../launch/process.js';
import { isCheckinPrompt } from '../../launch/checkins-today.js';
import { prepareCheckinsToday, prepareInterviewsToday, promptsTo } from '../support/process-world.js';

const cleanups: Cleanups = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const MEMBERS = 24;
/** The bound for a standby to take over from a holder that died. */
const TAKEOVER_BOUND_MS = 30_000;

interface Instance {
  bot: BotProcess;
  port: number;
}

async function health(instance: Instance): Promise<{ instance: { role: string }; status: string }> {
  const response = await fetch(`http://127.0.0.1:${instance.port}/health`);
  return (await response.json()) as { instance: { role: string }; status: string };
}

async function startInstance(fake: FakeDiscord, file: string): Promise<Instance> {
  const port = await freePort();
  // The production lease length (15 s): the take-over bound is checked against the default.
  const bot = startBotProcess(cleanups, fake, file, { HEALTH_PORT: String(port) });
  return { bot, port };
}

/** Every attempt to answer, by either process: a second one would be refused by Discord with 40060. */
function callbackAttempts(handle: InteractionHandle): number {
  return handle.attempts().length;
}

const threadsOf = (fake: FakeDiscord, userId: string) =>
  fake.threads.filter((t) => fake.threadMembers(t.id).includes(userId));

describe('two instances on one database', () => {
  it('one answers and runs the rounds, the other stands by; kill -9 the active one and the standby takes over and finishes, with nothing doubled', async () => {
    const { fake, file } = await processWorld(cleanups, { memberCount: MEMBERS }, 'stepwise-two-');
    await prepareCheckinsToday(fake, file);
    await prepareInterviewsToday(fake, file);

    // Slow Discord's answers (after it has acted), so the kill lands in the middle of a round, between
    // Discord acting and the bot recording it.
    fake.delayNext({
      method: 'POST',
      route: '/channels/:id/messages',
      count: 10_000,
      ms: 150,
      afterHandling: true,
    });
    fake.delayNext({
      method: 'POST',
      route: '/channels/:id/threads',
      count: 10_000,
      ms: 300,
      afterHandling: true,
    });

    const [a, b] = await Promise.all([startInstance(fake, file), startInstance(fake, file)]);
    // Two processes starting at once on a busy machine: give them time (bounded all the same).
    await Promise.all([
      a.bot.waitForOutput(/Stepwise is running/, 60_000),
      b.bot.waitForOutput(/Stepwise is running/, 60_000),
    ]);
    await fake.waitFor(() => (fake.stats.identifies >= 2 ? true : undefined), 'both gateway sessions');

    const roles = await Promise.all([health(a), health(b)]);
    expect(roles.map((r) => r.instance.role).sort()).toEqual(['active', 'standby']);
    expect(roles.every((r) => r.status === 'ok')).toBe(true);
    const [active, standby] = roles[0]!.instance.role === 'active' ? [a, b] : [b, a];

    // Both sessions receive each interaction; only the active instance answers it.
    const owner = fake.guild.ownerId;
    const join = await fake.slash({ user: owner, name: 'checkin', subcommand: 'join' });
    // Deferred, then the test DM, then the answer.
    expect((await join.waitForOriginal(undefined, 15_000)).content).toMatch(/test direct message/);
    const help = await fake.slash({ user: fake.guild.members[0]!.id, name: 'help' });
    await help.response();

    // Killed once the interview round is under way: some threads exist, not all (and, where the rounds
    // run side by side, the check-in round may be under way too; one after the other, it is done by then).
    await fake.waitFor(
      () =>
        fake.allMessages().filter(isCheckinPrompt).length >= 6 && fake.threads.length >= 2 ? true : undefined,
      'six prompts and two threads',
      30_000,
    );
    active.bot.kill('SIGKILL');
    const killedAt = Date.now();
    await active.bot.exit;
    expect(fake.threads.length).toBeLessThan(MEMBERS / 2);

    await standby.bot.waitForOutput(/"msg":"instance is active"/, TAKEOVER_BOUND_MS + 5_000);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);
    expect((await health(standby)).instance.role).toBe('active');

    await fake.waitFor(
      () =>
        fake.guild.members.every(
          (m) => promptsTo(fake, m.id).length >= 1 && threadsOf(fake, m.id).length >= 1,
        )
          ? true
          : undefined,
      'a prompt and a thread for every member',
      60_000,
    );
    // The new active instance answers now.
    const status = await fake.slash({
      user: fake.guild.members[1]!.id,
      name: 'checkin',
      subcommand: 'status',
    });
    await status.response();
    // Give a duplicate, if any were coming, the time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    for (const handle of [join, help, status]) expect(callbackAttempts(handle)).toBe(1);
    const welcomeDms = fake.dmsTo(owner).filter((m) => !isCheckinPrompt(m));
    expect(welcomeDms).toHaveLength(1);
    for (const member of fake.guild.members) {
      expect(promptsTo(fake, member.id), member.username).toHaveLength(1);
      expect(threadsOf(fake, member.id), member.username).toHaveLength(1);
    }
    expect(fake.threads).toHaveLength(MEMBERS / 2);
    for (const thread of fake.threads) {
      const intros = fake
        .messagesIn(thread.id)
        .filter((m) => m.author.id === fake.botUser.id && m.components.length > 0);
      expect(intros, thread.name ?? thread.id).toHaveLength(1);
    }
    // The standby did nothing while it stood by: no interaction handled and no scheduled run before it took over.
    const beforeTakeover = standby.bot.output().split('"msg":"instance is active"')[0]!;
    expect(beforeTakeover).not.toMatch(/"msg":"interaction"/);
    expect(beforeTakeover).not.toMatch(/"msg":"scheduled run"/);
    expect(beforeTakeover).toMatch(/standing by/);

    standby.bot.kill('SIGTERM');
    expect(await standby.bot.exit).toBe(0);
  }, 120_000);

  it('a clean shutdown of the active instance hands over at once', async () => {
    const { fake, file } = await processWorld(cleanups, { memberCount: 3 }, 'stepwise-handover-');
    const a = await startInstance(fake, file);
    await a.bot.waitForOutput(/"msg":"instance is active"/);
    const b = await startInstance(fake, file);
    await b.bot.waitForOutput(/standing by/);
    expect((await health(b)).instance.role).toBe('standby');

    const stoppedAt = Date.now();
    a.bot.kill('SIGTERM');
    expect(await a.bot.exit).toBe(0);
    await b.bot.waitForOutput(/"msg":"instance is active"/, 5_000);
    // Released, not expired: well under the 15 s lease.
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    const help = await fake.slash({ user: fake.guild.members[0]!.id, name: 'help' });
    await help.response();
    expect(callbackAttempts(help)).toBe(1);
    b.bot.kill('SIGTERM');
    expect(await b.bot.exit).toBe(0);
  }, 60_000);
});
