import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { listAnswers } from '../../src/db/repositories/checkin-answers.js';
import { listRounds } from '../../src/db/repositories/checkin-rounds.js';
import { DAY_MS } from '../../src/domain/time/duration.js';
import type { FakeMember, FakeMessage, OptionInput } from '../../fake-discord/index.js';
import { customIds, slashReply, startHarness, visibleText, type Harness } from '../support/harness.js';

// Monday 16 November 2026, 08:00 UTC = 09:00 in Paris.
const MONDAY_0900_PARIS = Date.parse('2026-11-16T08:00:00Z');
// Friday 20 November 2026, 18:00 in Paris.
const FRIDAY_1800_PARIS = Date.parse('2026-11-20T17:00:00Z');

let h: Harness;
let clock: ManualClock;
let alice: FakeMember;
let bob: FakeMember;
let admin: FakeMember;

beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob'] } });
  clock = h.clock as ManualClock;
  clock.set(MONDAY_0900_PARIS - 2 * DAY_MS);
  alice = h.fake.member('alice');
  bob = h.fake.member('bob');
  admin = h.fake.guild.owner;
});
afterEach(async () => {
  await h.close();
});

const channel = () => h.fake.guild.channels.find((c) => c.name === 'accountability')!;

const run = (user: FakeMember, name: string, subcommand: string, options: Record<string, OptionInput> = {}) =>
  slashReply(h.fake, user, name, subcommand, options);

const setup = (day: string, time: string) =>
  run(admin, 'checkin-admin', 'setup', {
    channel: { channel: channel().id },
    day,
    time,
    timezone: 'Europe/Paris',
  });

const prompts = (user: FakeMember) =>
  h.fake.dmsTo(user.id).filter((m) => visibleText(m).includes('Weekly check-in'));
const summaries = () =>
  h.fake.messagesIn(channel().id).filter((m) => visibleText(m).includes('📊 Weekly check-in'));

async function answer(user: FakeMember, prompt: FakeMessage) {
  const button = await h.fake.clickButton({
    user: user.id,
    message: prompt,
    customId: customIds(prompt)[0]!,
  });
  const opened = await button.response();
  if (opened.type !== 9) return String(opened.data?.content);
  const submit = await h.fake.submitModal({
    from: button,
    user: user.id,
    values: { done: 'Finished the SQL step', nextGoal: 'Deploy my API' },
  });
  await submit.response();
  return String(submit.callback()?.data?.content);
}

describe('a schedule change in the middle of a round', () => {
  it('the open round runs to the new schedule’s first opening: answers accepted, summary posted, then the new schedule prompts', async () => {
    await setup('monday', '09:00');
    await run(alice, 'checkin', 'join');
    await run(bob, 'checkin', 'join');
    clock.set(MONDAY_0900_PARIS + 60_000);
    await h.bot.scheduler.tick();
    const mondayPrompt = prompts(alice)[0]!;
    const bobsMondayPrompt = prompts(bob)[0]!;

    // Wednesday: the admin moves the check-ins to Fridays at 18:00.
    clock.set(MONDAY_0900_PARIS + 2 * DAY_MS);
    expect((await setup('friday', '18:00')).content).toMatch(/every \*\*Friday at 18:00\*\*/);
    await h.bot.scheduler.tick();
    expect(summaries()).toHaveLength(0);

    // Thursday: Monday's prompt still takes answers, under the key it was prompted with.
    clock.set(MONDAY_0900_PARIS + 3 * DAY_MS);
    expect(await answer(alice, mondayPrompt)).toMatch(/Checked in for the week of 16 Nov 2026/);
    expect(
      (await listAnswers(h.bot.database.db, h.fake.guild.id, '2026-11-16')).map((a) => a.userId),
    ).toEqual([alice.id]);

    // Friday 18:00: Monday's round closes with its summary, and the first Friday round opens.
    clock.set(FRIDAY_1800_PARIS + 60_000);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.tick();
    expect(summaries()).toHaveLength(1);
    expect(visibleText(summaries()[0]!)).toContain('week of 16 Nov 2026');
    expect(visibleText(summaries()[0]!)).toContain('**1 of 2** members checked in');
    expect(prompts(alice)).toHaveLength(2);
    expect(prompts(bob)).toHaveLength(2);
    expect(customIds(prompts(bob)[1]!)[0]).toMatch(/:2026-11-20$/);
    // Monday's prompt is closed now.
    expect(await answer(bob, bobsMondayPrompt)).toMatch(/closed/);
    const rounds = await listRounds(h.bot.database.db, h.fake.guild.id);
    expect(rounds.map((r) => [r.window.key, r.closedAt !== null])).toEqual([
      ['2026-11-16', true],
      ['2026-11-20', false],
    ]);
    expect(rounds[0]!.window.closesAt.getTime()).toBe(FRIDAY_1800_PARIS);
  });
});
