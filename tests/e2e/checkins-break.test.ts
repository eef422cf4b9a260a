import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import type { FakeMember, FakeMessage, OptionInput } from '../../fake-discord/index.js';
import { customIds, slashReply, startHarness, visibleText, type Harness } from '../support/harness.js';

/** Rounds open on Mondays at 09:00 UTC; each closes when the next opens. */
const WEEK_1 = Date.parse('2026-11-16T09:00:00Z');
const WEEK_2 = Date.parse('2026-11-23T09:00:00Z');
const WEEK_3 = Date.parse('2026-11-30T09:00:00Z');
const MINUTE = 60_000;

let h: Harness;
let clock: ManualClock;
let alice: FakeMember;
let bob: FakeMember;

beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob'] } });
  clock = h.clock as ManualClock;
  clock.set(WEEK_1 - 2 * 24 * 60 * MINUTE);
  [alice, bob] = [h.fake.member('alice'), h.fake.member('bob')];
});
afterEach(async () => {
  await h.close();
});

const run = (user: FakeMember, name: string, subcommand: string, options: Record<string, OptionInput> = {}) =>
  slashReply(h.fake, user, name, subcommand, options);

const prompts = (user: FakeMember): FakeMessage[] =>
  h.fake.dmsTo(user.id).filter((m) => visibleText(m).includes('Weekly check-in'));

async function answer(user: FakeMember, prompt: FakeMessage): Promise<string> {
  const button = await h.fake.clickButton({
    user: user.id,
    message: prompt,
    customId: customIds(prompt)[0]!,
  });
  await button.response();
  const submit = await h.fake.submitModal({
    from: button,
    user: user.id,
    values: { done: 'Worked on the roadmap', nextGoal: 'Keep going' },
  });
  return String((await submit.response()).data?.content ?? '');
}

async function at(time: number): Promise<void> {
  clock.set(time);
  await h.bot.scheduler.tick();
  await h.bot.scheduler.tick();
}

describe('a break, end to end', () => {
  it('a paused week is skipped, counted as a break in the summary, and the streak carries on after it', async () => {
    const channel = h.fake.guild.channels.find((c) => c.name === 'accountability')!;
    await run(h.fake.guild.owner, 'checkin-admin', 'setup', {
      channel: { channel: channel.id },
      day: 'monday',
      time: '09:00',
      timezone: 'UTC',
    });
    await run(alice, 'checkin', 'join');
    await run(bob, 'checkin', 'join');

    await at(WEEK_1 + MINUTE);
    expect(await answer(alice, prompts(alice)[0]!)).toMatch(/Streak: \*\*1 week\*\*/);

    // On Wednesday Alice takes a one-week break: it covers the next Monday's round.
    clock.set(WEEK_1 + 2 * 24 * 60 * MINUTE);
    expect((await run(alice, 'checkin', 'pause', { weeks: 1 })).content).toMatch(/streak is frozen/);

    await at(WEEK_2 + MINUTE);
    expect(prompts(alice)).toHaveLength(1); // no prompt during the break
    expect(prompts(bob)).toHaveLength(2);

    await at(WEEK_3 + MINUTE);
    const summary = h.fake
      .messagesIn(channel.id)
      .find((m) => visibleText(m).includes('Weekly check-in — week of 23 Nov 2026'));
    expect(visibleText(summary!)).toContain('(1 on a break)');

    // Back from the break: the week before it and this one make a streak of two, not a fresh start.
    expect(prompts(alice)).toHaveLength(2);
    expect(await answer(alice, prompts(alice)[1]!)).toMatch(/Streak: \*\*2 weeks\*\*/);
    expect(visibleText(await run(alice, 'checkin', 'status'))).toMatch(/2 weeks/);
  });
});
