import { MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { listAnswers } from '../../src/db/repositories/checkin-answers.js';
import { getCheckinConfig } from '../../src/db/repositories/checkins.js';
import { MANAGE_SERVER_MESSAGE } from '../../src/discord/dispatcher.js';
import { roundWindow } from '../../src/domain/checkins/schedule.js';
import { HOUR_MS } from '../../src/domain/time/duration.js';
import type { FakeMember, FakeMessage } from '../../fake-discord/index.js';
import { customIds, startHarness, visibleText, type Harness } from '../support/harness.js';

// Monday 16 November 2026, 08:00 UTC = 09:00 in Paris: the round opens at 09:00 local.
const MONDAY_0900_PARIS = Date.parse('2026-11-16T08:00:00Z');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const channel = (harness: Harness) => harness.fake.guild.channels.find((c) => c.name === 'accountability')!;

async function run(
  harness: Harness,
  user: FakeMember,
  name: string,
  options: Record<string, unknown> = {},
  subcommand?: string,
) {
  const interaction = await harness.fake.slash({
    user: user.id,
    name,
    ...(subcommand ? { subcommand } : {}),
    options: options as Record<string, string | number | boolean | { channel: string }>,
  });
  await interaction.response();
  const deferred = interaction.callback()?.type === 5;
  const message = deferred
    ? await interaction.waitForOriginal((m) => m.content !== '' || m.embeds.length > 0)
    : interaction.message();
  return { interaction, message };
}

/** A server whose members all joined the check-ins, this week's prompts sent, and `answering` of them answered. */
async function serverWithCheckins(memberNames: string[], answering: number): Promise<Harness> {
  const harness = await startHarness({ fake: { members: memberNames } });
  h = harness;
  const clock = harness.clock as ManualClock;
  clock.set(MONDAY_0900_PARIS - 2 * 24 * HOUR_MS);
  const admin = harness.fake.guild.owner;
  await run(
    harness,
    admin,
    'checkin-admin',
    { channel: { channel: channel(harness).id }, day: 'monday', time: '09:00', timezone: 'Europe/Paris' },
    'setup',
  );
  for (const name of memberNames) await run(harness, harness.fake.member(name), 'checkin', {}, 'join');
  clock.set(MONDAY_0900_PARIS + 60_000);
  await harness.bot.scheduler.tick();
  for (const name of memberNames.slice(0, answering)) {
    const member = harness.fake.member(name);
    const prompt = harness.fake.dmsTo(member.id).at(-1)!;
    const button = await harness.fake.clickButton({
      user: member.id,
      message: prompt,
      customId: customIds(prompt)[0]!,
    });
    await button.response();
    const submit = await harness.fake.submitModal({
      from: button,
      user: member.id,
      values: {
        done: 'Finished the SQL step',
        nextGoal: 'Deploy my API',
        applications: '2',
        interviews: '1',
      },
    });
    await submit.response();
  }
  expect(await listAnswers(harness.bot.database.db, harness.fake.guild.id, '2026-11-16')).toHaveLength(
    answering,
  );
  return harness;
}

function expectPng(message: FakeMessage): Buffer {
  expect(message.files).toHaveLength(1);
  const png = message.files[0]!.data;
  expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  // A real chart, neither an empty canvas nor something Discord would refuse for size.
  expect(png.length).toBeGreaterThan(10_000);
  expect(png.length).toBeLessThan(1_000_000);
  expect(message.attachments[0]?.content_type).toBe('image/png');
  return png;
}

const SIX = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

describe('/insights', () => {
  it('answers an admin with an ephemeral participation chart, its reading and alt text', async () => {
    const harness = await serverWithCheckins(SIX, 5);
    const { message } = await run(harness, harness.fake.guild.owner, 'insights', { view: 'participation' });
    expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expectPng(message);
    expect(message.content).toContain('5 of 6 answered');
    const alt = message.attachments[0]!.description ?? '';
    expect(alt).toMatch(/^Bar chart of weekly check-ins/);
    expect(alt).toContain('16 Nov: 6 prompted, 5 answered, 0 on a break, 83%');
    expect(alt.length).toBeLessThanOrEqual(1024);
    // No names in what the chart says.
    for (const name of SIX) expect(`${message.content} ${alt}`).not.toContain(name);
    // Nothing was posted anywhere else.
    expect(harness.fake.messagesIn(channel(harness).id).filter((m) => m.files.length > 0)).toEqual([]);
  });

  it('draws the job-search view from the counts members gave in their check-ins', async () => {
    const harness = await serverWithCheckins(SIX, 5);
    const { message } = await run(harness, harness.fake.guild.owner, 'insights', { view: 'job-search' });
    expectPng(message);
    expect(message.content).toContain('10 applications and 5 interviews reported');
    expect(message.attachments[0]!.description).toContain('16 Nov 10 applications, 5 interviews');
  });

  it('refuses a member without Manage Server, and posts nothing', async () => {
    const harness = await serverWithCheckins(SIX, 5);
    const before = harness.fake.allMessages().length;
    const { message } = await run(harness, harness.fake.member('alice'), 'insights');
    expect(message.content).toBe(MANAGE_SERVER_MESSAGE);
    expect(message.files).toEqual([]);
    expect(message.attachments).toEqual([]);
    // Only the refusal itself was added.
    expect(harness.fake.allMessages().length).toBe(before + 1);
  });

  it('shows the "too few members" text instead of figures on a server of 3', async () => {
    const harness = await serverWithCheckins(['alice', 'bob', 'carol'], 3);
    for (const view of ['participation', 'roadmap', 'interviews', 'job-search']) {
      const { message } = await run(harness, harness.fake.guild.owner, 'insights', { view });
      expect(message.content).toMatch(/Too few members to show .*at least 5 members/);
      expect(message.files).toEqual([]);
      expect(message.attachments).toEqual([]);
    }
  });
});

describe('the weekly summary', () => {
  it('carries the participation chart with alt text', async () => {
    const harness = await serverWithCheckins(SIX, 5);
    const config = (await getCheckinConfig(harness.bot.database.db, harness.fake.guild.id))!;
    const window = roundWindow(config.schedule, harness.clock.now());
    (harness.clock as ManualClock).set(window.closesAt.getTime() + 1000);
    await harness.bot.scheduler.tick();
    await harness.bot.scheduler.tick();
    const summaries = harness.fake
      .messagesIn(channel(harness).id)
      .filter((m) => visibleText(m).includes('Weekly check-in — week of 16 Nov 2026'));
    expect(summaries).toHaveLength(1);
    expectPng(summaries[0]!);
    expect(summaries[0]!.attachments[0]!.description).toMatch(/^Bar chart of weekly check-ins/);
  });

  it('still goes out, without the chart, when the channel refuses files (no Attach Files)', async () => {
    const harness = await serverWithCheckins(SIX, 5);
    const config = (await getCheckinConfig(harness.bot.database.db, harness.fake.guild.id))!;
    const window = roundWindow(config.schedule, harness.clock.now());
    (harness.clock as ManualClock).set(window.closesAt.getTime() + 1000);
    // A moderator takes Attach Files from the bot in that channel: Discord refuses the post with files (50013).
    const summaryChannel = channel(harness);
    summaryChannel.overwrites = [
      { id: harness.fake.guild.botMember.id, type: 1, allow: 0n, deny: PermissionFlagsBits.AttachFiles },
    ];
    await harness.bot.scheduler.tick();
    const posts = harness.fake.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${channel(harness).id}/messages`,
    );
    expect(posts.map((r) => [r.status, r.files.length])).toEqual([
      [403, 1],
      [200, 0],
    ]);
    const summary = harness.fake
      .messagesIn(channel(harness).id)
      .find((m) => visibleText(m).includes('Weekly check-in — week of 16 Nov 2026'));
    expect(summary?.files).toEqual([]);
  });

  it('goes without a chart on a server of 3', async () => {
    const harness = await serverWithCheckins(['alice', 'bob', 'carol'], 2);
    const config = (await getCheckinConfig(harness.bot.database.db, harness.fake.guild.id))!;
    const window = roundWindow(config.schedule, harness.clock.now());
    (harness.clock as ManualClock).set(window.closesAt.getTime() + 1000);
    await harness.bot.scheduler.tick();
    const summary = harness.fake
      .messagesIn(channel(harness).id)
      .find((m) => visibleText(m).includes('Weekly check-in — week of 16 Nov 2026'));
    expect(summary).toBeDefined();
    expect(summary!.files).toEqual([]);
  });
});

describe('/progress chart:True', () => {
  it("adds the member's own chart of steps done per week and streak", async () => {
    const harness = await startHarness({ fake: { members: ['alice'] } });
    h = harness;
    const alice = harness.fake.member('alice');
    const card = await harness.fake.slash({ user: alice.id, name: 'roadmap', options: { step: 'git' } });
    await card.response();
    const done = await harness.fake.clickButton({
      user: alice.id,
      message: card.message(),
      customId: `roadmap:v1:set:${alice.id}:git:done`,
    });
    await done.response();
    const { message } = await run(harness, alice, 'progress', { chart: true });
    expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expectPng(message);
    expect(message.content).toContain('You completed 1 step in the last 12 weeks (1 in all)');
    expect(message.attachments[0]!.description).toContain('week of 16 Nov 1');
    expect(visibleText(message)).toContain('Progress — Alice');
  });
});
