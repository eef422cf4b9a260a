import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { listGroupMembers, listGroups } from '../../src/db/repositories/interviews/groups.js';
import { getInterviewMember } from '../../src/db/repositories/interviews/members.js';
import { listRounds } from '../../src/db/repositories/interviews/rounds.js';
import type { FakeDiscord } from '../../fake-discord/index.js';
import { startHarness, visibleText, type Harness } from '../support/harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
/** Friday 20 November 2026, 18:00 in Paris: the first scheduled round after the harness's Monday. */
const FIRST_ROUND = Date.parse('2026-11-20T17:00:00Z');

async function start(options: { fake?: FakeDiscord; dataDir?: string; clock?: ManualClock } = {}) {
  const h = await startHarness({
    ...(options.fake ? { existingFake: options.fake } : { fake: { members: NAMES } }),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    // The crash tests restart on the same file: the dead bot's lease must run out before the next acts.
    env: { INSTANCE_LEASE_SECONDS: '2' },
  });
  await h.bot.lease.waitUntilActive(5000);
  return h;
}

async function command(h: Harness, user: string, name: string, subcommand: string, options = {}) {
  const interaction = await h.fake.slash({ user, name, subcommand, options });
  await interaction.response();
  return interaction;
}

async function prepare(h: Harness, names: readonly string[]) {
  await command(h, h.fake.guild.ownerId, 'interview-admin', 'setup', {
    channel: 'interviews',
    day: 'friday',
    time: '18:00',
    timezone: 'Europe/Paris',
    cadence: 'weekly',
  });
  for (const name of names) await command(h, h.fake.member(name).id, 'interview', 'join');
}

async function pairNow(h: Harness): Promise<string> {
  const interaction = await command(h, h.fake.guild.ownerId, 'interview-admin', 'pair-now');
  return (await interaction.waitForOriginal(undefined, 15_000)).content;
}

/** Every thread holds the bot plus its group, every member is in exactly one, and each got one intro. */
function expectEveryonePairedOnce(fake: FakeDiscord, names: readonly string[]) {
  const seen: string[] = [];
  for (const thread of fake.threads) {
    const members = fake.threadMembers(thread.id).filter((id) => id !== fake.botUser.id);
    expect(members.length).toBeGreaterThanOrEqual(2);
    seen.push(...members);
    expect(fake.messagesIn(thread.id).filter((m) => m.content.includes('you are paired'))).toHaveLength(1);
  }
  expect(seen.sort()).toEqual(names.map((name) => fake.member(name).id).sort());
}

describe('failures Discord reports during a round', () => {
  it('reports a member who left the server to the admin, takes them out of the pool, and runs the rest', async () => {
    const h = await start();
    cleanups.push(() => h.close());
    await prepare(h, ['alice', 'bob', 'carol', 'dave']);
    const carol = h.fake.member('carol');
    // Carol leaves between the presence check before pairing and her thread invitation: Discord answers
    // the invitation with 10007 Unknown Member. (Leaving before the round is covered by
    // members-who-left.test.ts: she is not paired at all.)
    h.fake.failNext({
      method: 'PUT',
      route: new RegExp(`/thread-members/${carol.id}$`),
      status: 404,
      body: { message: 'Unknown Member', code: 10007 },
    });

    const reply = await pairNow(h);
    expect(reply).toContain('2 of 2 groups set up');
    expect(reply).toMatch(
      new RegExp(`<@${carol.id}> could not be added to <#\\d+>: they are no longer in the server`),
    );
    const report = await h.fake.waitForDm(h.fake.guild.ownerId, (m) =>
      visibleText(m).includes('need a hand'),
    );
    expect(visibleText(report)).toContain(`<@${carol.id}> could not be added`);

    const carolsThread = h.fake.threads.find((t) => h.fake.threadMembers(t.id).length === 2)!;
    const intro = h.fake.messagesIn(carolsThread.id)[0]!;
    expect(visibleText(intro)).toContain(`<@${carol.id}> could not be added to this thread`);
    expect(intro.pings.users).not.toContain(carol.id);
    const other = h.fake.threads.find((t) => t.id !== carolsThread.id)!;
    expect(h.fake.threadMembers(other.id)).toHaveLength(3);
    expect(h.fake.messagesIn(other.id)).toHaveLength(1);
    expect(await getInterviewMember(h.bot.database.db, h.fake.guild.id, carol.id)).toMatchObject({
      active: false,
      removedReason: 'left-server',
    });
  });

  it('reports a thread Discord refused to create (403) and sets up the other groups', async () => {
    const h = await start();
    cleanups.push(() => h.close());
    await prepare(h, ['alice', 'bob', 'carol', 'dave']);
    h.fake.failNext({ method: 'POST', route: '/channels/:id/threads', status: 403, code: 50013 });

    const reply = await pairNow(h);
    expect(reply).toContain('1 of 2 groups set up');
    expect(reply).toContain('Group 1');
    expect(reply).toContain('missing a permission');
    expect(h.fake.threads).toHaveLength(1);
    const report = await h.fake.waitForDm(h.fake.guild.ownerId, (m) =>
      visibleText(m).includes('need a hand'),
    );
    expect(visibleText(report)).toMatch(/Group 1 \(<@\d+>, <@\d+>\): could not create the private thread/);
    const [round] = await listRounds(h.bot.database.db, h.fake.guild.id);
    expect((await listGroups(h.bot.database.db, round!.id)).map((g) => g.state)).toEqual([
      'failed',
      'posted',
    ]);
  });

  it('retries a thread Discord failed to create (5xx) on a later tick, without a second thread', async () => {
    const h = await start();
    cleanups.push(() => h.close());
    await prepare(h, ['alice', 'bob', 'carol', 'dave']);
    // @discordjs/rest retries a 5xx three times itself; four failures reach the bot.
    h.fake.failNext({ method: 'POST', route: '/channels/:id/threads', status: 502, count: 4 });
    const reply = await pairNow(h);
    expect(reply).toContain('1 of 2 groups set up');
    expect(reply).toContain('retried automatically');
    expect(h.fake.threads).toHaveLength(1);

    (h.clock as ManualClock).advance(90_000);
    await h.bot.scheduler.tick();
    expect(h.fake.threads).toHaveLength(2);
    expectEveryonePairedOnce(h.fake, ['alice', 'bob', 'carol', 'dave']);
    expect(h.fake.dmsTo(h.fake.guild.ownerId)).toEqual([]);
  });
});

describe('a crash in the middle of a round', () => {
  async function crashDuring(route: string, started: (fake: FakeDiscord) => boolean) {
    const first = await start();
    const { fake, dataDir } = first;
    cleanups.push(async () => {
      await fake.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    await prepare(first, NAMES);
    const clock = first.clock as ManualClock;
    clock.set(FIRST_ROUND + 30_000);

    // Discord handles the request, but the answer is held back while the bot "dies".
    fake.delayNext({
      method: route.includes('thread-members') ? 'PUT' : 'POST',
      route,
      ms: 1500,
      afterHandling: true,
    });
    const tick = first.bot.scheduler.tick();
    await fake.waitFor(() => (started(fake) ? true : undefined), 'the request to be handled');
    // The crash: the database goes away under the running round, so nothing after this point is recorded.
    await first.bot.database.close();
    await tick;
    await first.bot.stop('crashed');
    const threadsAtCrash = fake.threads.length;

    const second = await start({ fake, dataDir, clock: new ManualClock(clock.now()) });
    cleanups.push(() => second.close());
    // The step in flight at the crash stays leased to the dead instance until its lease runs out (real
    // time, 1 s here); on a loaded machine the first tick can come before that, so tick again, bounded.
    const bound = Date.now() + 15_000;
    await second.bot.scheduler.tick();
    while (fake.threads.length < NAMES.length / 2 && Date.now() < bound) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await second.bot.scheduler.tick();
    }
    return { second, fake, threadsAtCrash };
  }

  it('after dying between creating a thread and recording it, adopts that thread instead of making another', async () => {
    const { second, fake, threadsAtCrash } = await crashDuring(
      '/channels/:id/threads',
      (f) => f.threads.length === 1,
    );
    expect(threadsAtCrash).toBe(1);
    expect(fake.threads).toHaveLength(3);
    expect(
      fake.requests.filter((r) => r.method === 'POST' && r.route === '/channels/:channelId/threads'),
    ).toHaveLength(3);
    expectEveryonePairedOnce(fake, NAMES);
    const [round] = await listRounds(second.bot.database.db, fake.guild.id);
    const groups = await listGroups(second.bot.database.db, round!.id);
    expect(groups.map((g) => g.state)).toEqual(['posted', 'posted', 'posted']);
    expect(groups[0]!.threadId).toBe(fake.threads[0]!.id);
    for (const group of groups)
      expect(
        (await listGroupMembers(second.bot.database.db, group.id)).every((m) => m.addState === 'added'),
      ).toBe(true);
  });

  it('after dying while adding members, finishes the recorded thread and leaves the others as planned', async () => {
    const { fake, threadsAtCrash } = await crashDuring(
      '/channels/:id/thread-members/:id',
      (f) => f.threads.length === 1 && f.threadMembers(f.threads[0]!.id).length === 2,
    );
    expect(threadsAtCrash).toBe(1);
    expect(fake.threads).toHaveLength(3);
    expect(
      fake.requests.filter((r) => r.method === 'POST' && r.route === '/channels/:channelId/threads'),
    ).toHaveLength(3);
    expectEveryonePairedOnce(fake, NAMES);
  });
});
