import { MessageFlags } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { listAnswers } from '../../src/db/repositories/checkin-answers.js';
import { listDeliveries } from '../../src/db/repositories/checkin-rounds.js';
import { getCheckinConfig, getCheckinMember } from '../../src/db/repositories/checkins.js';
import { listWorkItems } from '../../src/db/repositories/work-items.js';
import { HOUR_MS, WEEK_MS } from '../../src/domain/time/duration.js';
import type { FakeMember, FakeMessage, OptionInput } from '../../fake-discord/index.js';
import { customIds, slashReply, startHarness, visibleText, type Harness } from '../support/harness.js';

// Monday 16 November 2026, 08:00 UTC = 09:00 in Paris: the round opens at 09:00 local.
const MONDAY_0900_PARIS = Date.parse('2026-11-16T08:00:00Z');
/** That round closes a week later, Monday 23 November 09:00 in Paris, and reminds 24 h before. */
const CLOSE = Date.parse('2026-11-23T08:00:00Z');
const REMINDER_AT = Date.parse('2026-11-22T08:00:00Z');

let h: Harness;
let clock: ManualClock;
let alice: FakeMember;
let bob: FakeMember;
let admin: FakeMember;

beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob', 'carol'] } });
  clock = h.clock as ManualClock;
  clock.set(MONDAY_0900_PARIS - 2 * 24 * HOUR_MS); // Saturday before
  alice = h.fake.member('alice');
  bob = h.fake.member('bob');
  admin = h.fake.guild.owner;
});
afterEach(async () => {
  await h.close();
});

const channel = () => h.fake.guild.channels.find((c) => c.name === 'accountability')!;
const guildId = () => h.fake.guild.id;

const run = (user: FakeMember, name: string, subcommand: string, options: Record<string, OptionInput> = {}) =>
  slashReply(h.fake, user, name, subcommand, options);

async function setup(extra: Record<string, string | number> = {}) {
  return run(admin, 'checkin-admin', 'setup', {
    channel: { channel: channel().id },
    day: 'monday',
    time: '09:00',
    timezone: 'Europe/Paris',
    ...extra,
  });
}

/** Answers the check-in through the prompt's button and the modal, as a member would. */
async function answerPrompt(user: FakeMember, prompt: FakeMessage, values: Record<string, string>) {
  const button = await h.fake.clickButton({
    user: user.id,
    message: prompt,
    customId: customIds(prompt)[0]!,
  });
  expect((await button.response()).type).toBe(9);
  const submit = await h.fake.submitModal({ from: button, user: user.id, values });
  await submit.response();
  return submit;
}

describe('check-in setup (admin)', () => {
  it('saves a valid schedule and shows the next round as a Discord timestamp', async () => {
    const reply = await setup();
    expect(reply.content).toMatch(/every \*\*Monday at 09:00\*\* \(Europe\/Paris\)/);
    expect(reply.content).toContain(`<t:${MONDAY_0900_PARIS / 1000}:F>`);
    expect(await getCheckinConfig(h.bot.database.db, guildId())).toMatchObject({
      channelId: channel().id,
      schedule: { timezone: 'Europe/Paris' },
    });
  });

  it.each([
    [{ timezone: 'Mars/Olympus' }, /time zone/i],
    [{ time: '25:61' }, /24-hour time/],
    [{ time: '9am' }, /24-hour time/],
  ])('refuses %o with a clear error and saves nothing', async (bad, message) => {
    const reply = await setup(bad);
    expect(reply.content).toMatch(message);
    expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(await getCheckinConfig(h.bot.database.db, guildId())).toBeUndefined();
  });

  it('refuses a channel the bot cannot post in', async () => {
    h.fake.denyChannel(channel().id);
    const reply = await setup();
    expect(reply.content).toMatch(/cannot post in .* missing .*Send Messages.*Nothing was saved/);
    expect(await getCheckinConfig(h.bot.database.db, guildId())).toBeUndefined();
  });

  it('refuses a member without Manage Server, and changes nothing', async () => {
    const reply = await run(alice, 'checkin-admin', 'setup', {
      channel: { channel: channel().id },
      day: 'monday',
      time: '09:00',
      timezone: 'Europe/Paris',
    });
    expect(reply.content).toMatch(/Manage Server/);
    expect(await getCheckinConfig(h.bot.database.db, guildId())).toBeUndefined();
  });

  it('autocompletes time zones', async () => {
    const interaction = await h.fake.autocomplete({
      user: admin.id,
      name: 'checkin-admin',
      subcommand: 'setup',
      options: { timezone: 'paris' },
      focused: 'timezone',
    });
    await interaction.response();
    expect(interaction.choices()[0]).toMatchObject({ value: 'Europe/Paris' });
  });
});

describe('members', () => {
  it('join confirms with a test DM; closed DMs are detected and the channel is used instead', async () => {
    await setup();
    const joined = await run(alice, 'checkin', 'join');
    expect(joined.content).toMatch(/sent you a test direct message/);
    expect(h.fake.dmsTo(alice.id)).toHaveLength(1);

    h.fake.closeDms(bob.id);
    const closed = await run(bob, 'checkin', 'join');
    expect(closed.content).toMatch(/direct messages are closed.*mention you in/s);
    expect((await getCheckinMember(h.bot.database.db, guildId(), bob.id))?.dmClosed).toBe(true);
  });

  it('pause freezes, resume ends it, status shows the next prompt as a timestamp, leave stops prompts', async () => {
    await setup();
    await run(alice, 'checkin', 'join');
    expect((await run(alice, 'checkin', 'pause', { weeks: 2 })).content).toMatch(/streak is frozen/);
    expect((await run(alice, 'checkin', 'resume')).content).toMatch(/Welcome back/);
    const status = await run(alice, 'checkin', 'status');
    expect(visibleText(status)).toMatch(/Next prompt: <t:\d+:F>/);
    expect((await run(alice, 'checkin', 'leave')).content).toMatch(/You left/);
    expect((await run(alice, 'checkin', 'leave')).content).toMatch(/have not joined/);
  });
});

describe('the weekly round', () => {
  beforeEach(async () => {
    await setup();
    await run(alice, 'checkin', 'join');
    await run(bob, 'checkin', 'join');
  });

  it('prompts by DM at the scheduled time, takes answers through the modal, reminds once, then posts the summary', async () => {
    clock.set(MONDAY_0900_PARIS - 60_000);
    await h.bot.scheduler.tick();
    expect(h.fake.dmsTo(alice.id)).toHaveLength(1); // only the join test DM so far

    clock.set(MONDAY_0900_PARIS + 60_000);
    await h.bot.scheduler.tick();
    const prompt = h.fake.dmsTo(alice.id).at(-1)!;
    expect(visibleText(prompt)).toContain('Weekly check-in');
    expect(customIds(prompt)).toEqual([`checkin:v1:answer:${guildId()}:2026-11-16`]);
    expect(h.fake.dmsTo(bob.id)).toHaveLength(2);

    const bad = await answerPrompt(alice, prompt, {
      done: 'Finished SQL',
      nextGoal: 'Docker',
      applications: '-1',
    });
    expect(String(bad.callback()?.data?.content)).toMatch(/Nothing was saved[\s\S]*Applications sent/);
    expect(await listAnswers(h.bot.database.db, guildId(), '2026-11-16')).toEqual([]);

    const ok = await answerPrompt(alice, prompt, {
      done: 'Finished the SQL step',
      nextGoal: 'Deploy my API',
      applications: '3',
    });
    expect(String(ok.callback()?.data?.content)).toMatch(
      /Checked in for the week of 16 Nov 2026[\s\S]*Streak: \*\*1 week\*\*/,
    );
    const edited = await answerPrompt(alice, prompt, {
      done: 'Finished SQL and indexes',
      nextGoal: 'Deploy my API',
    });
    expect(String(edited.callback()?.data?.content)).toMatch(/is updated/);
    expect(await listAnswers(h.bot.database.db, guildId(), '2026-11-16')).toMatchObject([
      { userId: alice.id, answer: { done: 'Finished SQL and indexes' } },
    ]);

    // The reminder: 24 h before the close (Monday 23 November 09:00 Paris), only to Bob, and only once.
    const reminders = (user: FakeMember) =>
      h.fake.dmsTo(user.id).filter((m) => visibleText(m).includes('Check-in reminder'));
    clock.set(REMINDER_AT - 60_000);
    await h.bot.scheduler.tick();
    expect(reminders(bob)).toHaveLength(0);
    clock.set(REMINDER_AT + 1000);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.tick();
    expect(reminders(bob)).toHaveLength(1);
    expect(reminders(alice)).toHaveLength(0);

    // The close: a summary in the channel that pings nobody.
    const summaries = () =>
      h.fake
        .messagesIn(channel().id)
        .filter((m) => visibleText(m).includes('Weekly check-in — week of 16 Nov 2026'));
    clock.set(CLOSE - 60_000);
    await h.bot.scheduler.tick();
    expect(summaries()).toHaveLength(0);
    clock.set(CLOSE + 1000);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.tick();
    expect(summaries()).toHaveLength(1);
    expect(visibleText(summaries()[0]!)).toContain('**1 of 2** members checked in');
    expect(visibleText(summaries()[0]!)).toContain(`<@${alice.id}>: Deploy my API`);
    for (const message of h.fake.allMessages()) {
      expect(message.pings.everyone).toBe(false);
      expect(message.pings.roles).toEqual([]);
    }
  });

  it('pre-fills the form with the roadmap steps completed this week', async () => {
    clock.set(MONDAY_0900_PARIS + 60_000);
    await h.bot.scheduler.tick();
    clock.set(MONDAY_0900_PARIS + 2 * HOUR_MS);
    const card = await h.fake.slash({ user: alice.id, name: 'roadmap', options: { step: 'git' } });
    await card.response();
    const done = await h.fake.clickButton({
      user: alice.id,
      message: card.message(),
      customId: `roadmap:v1:set:${alice.id}:git:done`,
    });
    await done.response();
    const prompt = h.fake.dmsTo(alice.id).at(-1)!;
    const button = await h.fake.clickButton({
      user: alice.id,
      message: prompt,
      customId: customIds(prompt)[0]!,
    });
    await button.response();
    expect(JSON.stringify(button.modal())).toContain('Roadmap steps completed: Use Git for version control');
  });

  it('/checkin-admin summary posts the week so far and names the quiet members only to the admin', async () => {
    // Two full weeks in which Bob never answers.
    for (let week = 0; week < 2; week++) {
      clock.set(MONDAY_0900_PARIS + week * WEEK_MS + 60_000);
      await h.bot.scheduler.tick();
      const prompt = h.fake.dmsTo(alice.id).at(-1)!;
      await answerPrompt(alice, prompt, { done: `Week ${week + 1} work`, nextGoal: 'Keep going' });
    }
    clock.set(MONDAY_0900_PARIS + 2 * WEEK_MS + 60_000);
    await h.bot.scheduler.tick();
    const reply = await run(admin, 'checkin-admin', 'summary');
    expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    // The "so far" view counts the week in progress as not answered yet: two closed weeks plus this one.
    expect(reply.content).toMatch(new RegExp(`Quiet for two weeks or more[\\s\\S]*<@${bob.id}> — 3 weeks`));
    expect(reply.content).not.toContain(`<@${alice.id}>`);
    const posted = h.fake.messagesIn(channel().id).filter((m) => visibleText(m).includes('(so far)'));
    expect(posted).toHaveLength(1);
    expect(visibleText(posted[0]!)).toContain('1 member has been quiet for two weeks or more');
    expect(visibleText(posted[0]!)).not.toContain(`<@${bob.id}>`);
  });

  it('send-now runs this week at once, and a second run sends nothing twice', async () => {
    clock.set(MONDAY_0900_PARIS + 2 * HOUR_MS);
    // Set up after this week's opening: the schedule waits for next week unless asked.
    await setup();
    await h.bot.scheduler.tick();
    expect(h.fake.dmsTo(alice.id)).toHaveLength(1);
    const first = await run(admin, 'checkin-admin', 'send-now');
    expect(first.content).toMatch(/check-in is out: 2 sent/);
    const second = await run(admin, 'checkin-admin', 'send-now');
    expect(second.content).toMatch(/already sent.*Nothing was sent twice/);
    await h.bot.scheduler.tick();
    expect(h.fake.dmsTo(alice.id)).toHaveLength(2);
    expect(h.fake.dmsTo(bob.id)).toHaveLength(2);
  });

  it('catches up after downtime: a round missed while the bot was down is sent on start if the week is open', async () => {
    const fake = h.fake;
    const dataDir = h.dataDir;
    await h.bot.stop('simulated downtime');
    clock.set(MONDAY_0900_PARIS + 30 * HOUR_MS); // Tuesday: the bot was down at Monday 09:00
    const restarted = await startHarness({ existingFake: fake, dataDir, clock });
    try {
      await restarted.bot.scheduler.tick();
      expect(fake.dmsTo(alice.id)).toHaveLength(2);
      expect(fake.dmsTo(bob.id)).toHaveLength(2);
      // A week later, with the bot down for the whole week, that round is never prompted late.
      await restarted.bot.stop('down for a week');
      clock.set(MONDAY_0900_PARIS + WEEK_MS + 8 * 24 * HOUR_MS);
      const again = await startHarness({ existingFake: fake, dataDir, clock });
      await again.bot.scheduler.tick();
      await again.bot.stop('done');
    } finally {
      await restarted.bot.stop('done');
    }
    const prompts = fake.dmsTo(alice.id).filter((m) => visibleText(m).includes('Weekly check-in'));
    expect(prompts.map((m) => visibleText(m).match(/week of ([^\n]+)/)?.[1])).toEqual([
      '16 Nov 2026',
      '30 Nov 2026',
    ]);
  });

  it('falls back to the channel when DMs are closed, and never retries that member by DM', async () => {
    h.fake.closeDms(bob.id);
    clock.set(MONDAY_0900_PARIS + 60_000);
    await h.bot.scheduler.tick();
    const mention = h.fake.messagesIn(channel().id).find((m) => m.content.includes(`<@${bob.id}>`));
    expect(mention).toBeDefined();
    expect(mention!.pings.users).toEqual([bob.id]);
    expect((await getCheckinMember(h.bot.database.db, guildId(), bob.id))?.dmClosed).toBe(true);
    const dmAttempts = () =>
      h.fake.requests.filter(
        (r) => r.method === 'POST' && r.status === 403 && r.path.startsWith('/channels/'),
      ).length;
    const before = dmAttempts();
    clock.set(REMINDER_AT + 1000);
    await h.bot.scheduler.tick();
    expect(dmAttempts()).toBe(before);
    expect(h.fake.messagesIn(channel().id).filter((m) => m.content.includes(`<@${bob.id}>`))).toHaveLength(2);
  });

  // @discordjs/rest retries a 5xx three times at once (4 tries a send); 10 failures outlast that for both members.
  it('rides out a burst of 5xx: retried with back-off until every prompt is delivered once', async () => {
    h.fake.failNext({ method: 'POST', route: /^\/channels\/\d+\/messages$/, count: 10, status: 502 });
    clock.set(MONDAY_0900_PARIS + 60_000);
    await h.bot.scheduler.tick();
    const deliveries = await listDeliveries(h.bot.database.db, guildId(), '2026-11-16', 'prompt');
    expect(deliveries.some((d) => d.state === 'pending')).toBe(true);
    // Their work items wait out the back-off.
    const items = await listWorkItems(h.bot.database.db, { guildId: guildId(), kind: 'checkin.prompt' });
    expect(items.some((i) => i.state === 'pending' && i.next_attempt_at > clock.now().getTime())).toBe(true);
    clock.advance(5 * 60_000);
    await h.bot.scheduler.tick();
    clock.advance(10 * 60_000);
    await h.bot.scheduler.tick();
    const after = await listDeliveries(h.bot.database.db, guildId(), '2026-11-16', 'prompt');
    expect(after.map((d) => d.state)).toEqual(['sent', 'sent']);
    const prompts = (user: FakeMember) =>
      h.fake.dmsTo(user.id).filter((m) => visibleText(m).includes('Weekly check-in'));
    expect(prompts(alice)).toHaveLength(1);
    expect(prompts(bob)).toHaveLength(1);
  });
});

describe('rate limits and DM channels', () => {
  beforeEach(async () => {
    await setup();
    await run(alice, 'checkin', 'join');
    await run(bob, 'checkin', 'join');
  });

  it('waits out 429s with Retry-After and still delivers every prompt once', async () => {
    h.fake.failNext({
      method: 'POST',
      route: /^\/channels\/\d+\/messages$/,
      count: 2,
      status: 429,
      headers: { 'Retry-After': '1', 'X-RateLimit-Scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 0.5, global: false },
    });
    clock.set(MONDAY_0900_PARIS + 60_000);
    await h.bot.scheduler.tick();
    const prompts = (user: FakeMember) =>
      h.fake.dmsTo(user.id).filter((m) => visibleText(m).includes('Weekly check-in'));
    expect(prompts(alice)).toHaveLength(1);
    expect(prompts(bob)).toHaveLength(1);
    expect(h.fake.requests.filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('opens each DM channel once and reuses it every week', async () => {
    for (let week = 0; week < 3; week++) {
      clock.set(MONDAY_0900_PARIS + week * WEEK_MS + 60_000);
      await h.bot.scheduler.tick();
    }
    const opened = h.fake.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels');
    // One each at /checkin join (the test DM); none for the three weekly prompts.
    expect(opened).toHaveLength(2);
    expect(h.fake.dmsTo(alice.id).filter((m) => visibleText(m).includes('Weekly check-in'))).toHaveLength(3);
  });
});

describe('daylight-saving weeks', () => {
  /** Ticks every 30 minutes from `from` to `to` and returns the week labels of Alice's prompts. */
  async function promptsBetween(from: string, to: string): Promise<string[]> {
    await run(alice, 'checkin', 'join');
    for (let at = Date.parse(from); at <= Date.parse(to); at += 30 * 60_000) {
      clock.set(at);
      await h.bot.scheduler.tick();
    }
    return h.fake
      .dmsTo(alice.id)
      .filter((m) => visibleText(m).includes('Weekly check-in'))
      .map((m) => visibleText(m).match(/week of ([^\n]+)/)?.[1] ?? '?');
  }

  it('spring forward: a 02:30 round on the night the clocks skip that hour still runs, once', async () => {
    clock.set(Date.parse('2026-03-14T12:00:00Z'));
    await setup({ day: 'sunday', time: '02:30' });
    const weeks = await promptsBetween('2026-03-14T12:00:00Z', '2026-04-06T00:00:00Z');
    expect(weeks).toEqual(['15 Mar 2026', '22 Mar 2026', '29 Mar 2026', '5 Apr 2026']);
    const rounds = await h.bot.database.db
      .selectFrom('checkin_round')
      .select(['round_key', 'opened_at'])
      .orderBy('round_key')
      .execute();
    // 29 March: 02:30 does not exist in Paris; the round opens at 03:30 CEST (01:30 UTC).
    expect(rounds.find((r) => r.round_key === '2026-03-29')?.opened_at).toBe(
      Date.parse('2026-03-29T01:30:00Z'),
    );
  });

  it('fall back: a 02:30 round on the night that hour happens twice runs once, at the first 02:30', async () => {
    clock.set(Date.parse('2026-10-10T12:00:00Z'));
    await setup({ day: 'sunday', time: '02:30' });
    const weeks = await promptsBetween('2026-10-10T12:00:00Z', '2026-11-02T00:00:00Z');
    expect(weeks).toEqual(['11 Oct 2026', '18 Oct 2026', '25 Oct 2026', '1 Nov 2026']);
    const rounds = await h.bot.database.db
      .selectFrom('checkin_round')
      .select(['round_key', 'opened_at'])
      .orderBy('round_key')
      .execute();
    expect(rounds.find((r) => r.round_key === '2026-10-25')?.opened_at).toBe(
      Date.parse('2026-10-25T00:30:00Z'),
    );
  });
});
