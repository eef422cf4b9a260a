import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { listRounds } from '../../src/db/repositories/interviews/rounds.js';
import { startHarness, visibleText, type Harness } from '../support/harness.js';

/**
 * The interview round report names groups and members, so it goes to the admin alone. The interview
 * channel hears of it only when the admin's DMs are closed, and then without a name; a transient
 * failure is retried, never published.
 */

let h: Harness;
const NAMES = ['alice', 'bob', 'carol', 'dave'];

beforeEach(async () => {
  h = await startHarness({ fake: { members: NAMES } });
  const owner = h.fake.guild.ownerId;
  const setup = await h.fake.slash({
    user: owner,
    name: 'interview-admin',
    subcommand: 'setup',
    options: {
      channel: 'interviews',
      day: 'friday',
      time: '18:00',
      timezone: 'Europe/Paris',
      cadence: 'weekly',
    },
  });
  await setup.response();
  for (const name of NAMES) {
    const join = await h.fake.slash({ user: h.fake.member(name).id, name: 'interview', subcommand: 'join' });
    await join.response();
  }
  // Discord refuses the first group's thread: a problem to report, naming that group's members.
  h.fake.failNext({ method: 'POST', route: '/channels/:id/threads', status: 403, code: 50013 });
});
afterEach(async () => {
  await h.close();
});

async function pairNow() {
  const pair = await h.fake.slash({
    user: h.fake.guild.ownerId,
    name: 'interview-admin',
    subcommand: 'pair-now',
  });
  return (await pair.waitForOriginal((m) => m.content !== '', 15_000)).content;
}

const memberIds = () => NAMES.map((name) => h.fake.member(name).id);
const channelPosts = () =>
  h.fake.messagesIn('interviews').filter((m) => !h.fake.threads.some((t) => t.id === m.channel_id));

describe('the interview round report', () => {
  it("goes to the channel only when the admin's DMs are closed, with a count and no names", async () => {
    h.fake.closeDms(h.fake.guild.ownerId);
    expect(await pairNow()).toContain('1 of 2 groups set up');
    const posts = channelPosts();
    expect(posts).toHaveLength(1);
    const text = visibleText(posts[0]!);
    expect(text).toContain('1 problem');
    expect(text).toContain(`<@${h.fake.guild.ownerId}>`);
    for (const id of memberIds()) expect(text).not.toContain(id);
    expect(text).not.toMatch(/Group \d/);
    expect(posts[0]!.pings.users).toEqual([h.fake.guild.ownerId]);
    const [round] = await listRounds(h.bot.database.db, h.fake.guild.id);
    expect(round?.reportedAt).not.toBeNull();
  });

  it('is retried after a transient DM failure, and never published meanwhile', async () => {
    h.fake.failNext({ method: 'POST', route: '/users/@me/channels', status: 500, count: 20 });
    expect(await pairNow()).toContain('1 of 2 groups set up');
    expect(channelPosts()).toEqual([]);
    const [before] = await listRounds(h.bot.database.db, h.fake.guild.id);
    expect(before?.reportedAt).toBeNull();

    h.fake.clearFaults();
    // Retried after the engine's back-off (one minute after the first attempt).
    (h.clock as ManualClock).advance(2 * 60_000);
    await h.bot.scheduler.tick();
    const report = await h.fake.waitForDm(h.fake.guild.ownerId, (m) =>
      visibleText(m).includes('need a hand'),
    );
    expect(visibleText(report)).toMatch(/Group 1 \(<@\d+>, <@\d+>\)/);
    expect(channelPosts()).toEqual([]);
    const [after] = await listRounds(h.bot.database.db, h.fake.guild.id);
    expect(after?.reportedAt).not.toBeNull();
  });
});
