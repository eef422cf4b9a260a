import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { listDeliveries } from '../../src/db/repositories/checkin-rounds.js';
import { WEEK_MS } from '../../src/domain/time/duration.js';
import type { FakeMember, FakeMessage, OptionInput } from '../../fake-discord/index.js';
import { customIds, slashReply, startHarness, visibleText, type Harness } from '../support/harness.js';

// Monday 16 November 2026, 08:00 UTC = 09:00 in Paris.
const MONDAY_0900_PARIS = Date.parse('2026-11-16T08:00:00Z');

let h: Harness;
let clock: ManualClock;
let alice: FakeMember;
let bob: FakeMember;
let admin: FakeMember;

beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob'] } });
  clock = h.clock as ManualClock;
  clock.set(MONDAY_0900_PARIS - 2 * 24 * 3_600_000);
  alice = h.fake.member('alice');
  bob = h.fake.member('bob');
  admin = h.fake.guild.owner;
});
afterEach(async () => {
  await h.close();
});

const channel = () => h.fake.channel('accountability');

const run = (user: FakeMember, name: string, subcommand: string, options: Record<string, OptionInput> = {}) =>
  slashReply(h.fake, user, name, subcommand, options);

const prompts = (user: FakeMember) =>
  h.fake.dmsTo(user.id).filter((m) => visibleText(m).includes('Weekly check-in'));

async function answer(user: FakeMember, prompt: FakeMessage) {
  const button = await h.fake.clickButton({
    user: user.id,
    message: prompt,
    customId: customIds(prompt)[0]!,
  });
  await button.response();
  const submit = await h.fake.submitModal({
    from: button,
    user: user.id,
    values: { done: 'Finished the SQL step', nextGoal: 'Deploy my API' },
  });
  await submit.response();
}

describe('fair outcomes', () => {
  it('a member whose prompt Discord refused is not counted as missed, keeps the streak, and the admin is told why', async () => {
    await run(admin, 'checkin-admin', 'setup', {
      channel: { channel: channel().id },
      day: 'monday',
      time: '09:00',
      timezone: 'Europe/Paris',
    });
    await run(alice, 'checkin', 'join');
    await run(bob, 'checkin', 'join');

    // Week 1: both are prompted and both answer.
    clock.set(MONDAY_0900_PARIS + 60_000);
    await h.bot.scheduler.tick();
    await answer(alice, prompts(alice)[0]!);
    await answer(bob, prompts(bob)[0]!);

    // Week 2: Discord refuses Alice's prompt outright (not a transient error), so it is never retried.
    clock.set(MONDAY_0900_PARIS + WEEK_MS + 60_000);
    h.fake.failNext({
      method: 'POST',
      route: `/channels/${h.fake.dmChannelOf(alice.id)!.id}/messages`,
      status: 400,
      code: 50035,
    });
    await h.bot.scheduler.tick();
    expect(prompts(alice)).toHaveLength(1);
    expect(prompts(bob)).toHaveLength(2);
    const week2 = await listDeliveries(h.bot.database.db, h.fake.guild.id, '2026-11-23', 'prompt');
    expect(week2.find((d) => d.userId === alice.id)?.state).toBe('failed');
    await answer(bob, prompts(bob)[1]!);

    // The close of week 2.
    clock.set(MONDAY_0900_PARIS + 2 * WEEK_MS + 60_000);
    await h.bot.scheduler.tick();
    const summary = h.fake
      .messagesIn(channel().id)
      .find((m) => visibleText(m).includes('week of 23 Nov 2026'));
    expect(visibleText(summary!)).toMatch(/\*\*1 of 1\*\* members checked in \(1 not reached/);
    const report = h.fake.dmsTo(admin.id).filter((m) => visibleText(m).includes('not delivered'));
    expect(report).toHaveLength(1);
    expect(visibleText(report[0]!)).toContain(`<@${alice.id}>: Discord refused it (400 50035`);
    expect(visibleText(report[0]!)).not.toContain(`<@${bob.id}>`);

    // Alice's streak is frozen, not broken: one answered week still counts.
    const status = await run(alice, 'checkin', 'status');
    expect(visibleText(status)).toMatch(/Streak: \*\*1 week\*\*/);
    const bobStatus = await run(bob, 'checkin', 'status');
    expect(visibleText(bobStatus)).toMatch(/Streak: \*\*2 weeks\*\*/);
  });
});
