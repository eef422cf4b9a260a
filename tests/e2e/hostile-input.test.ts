import { InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { listGroupMembers, listMemberGroups } from '../../src/db/repositories/interviews/groups.js';
import { listStepProgress } from '../../src/db/repositories/progress.js';
import type { FakeMember, FakeMessage } from '../../fake-discord/index.js';
import { customIds, startHarness, visibleText, type Harness } from '../support/harness.js';

/**
 * What members type is shown to other members: proof links on shared cards and `/progress`, goals in the
 * weekly summary, feedback in a DM. None of it may hide a link's destination, shout a heading or reach
 * @everyone, whatever the member typed.
 */

let h: Harness;
let alice: FakeMember;
let bob: FakeMember;

beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob', 'carol'] } });
  [alice, bob] = [h.fake.member('alice'), h.fake.member('bob')];
});
afterEach(async () => {
  await h.close();
});

/** A `[text](url)` Discord would render as a masked link: a bracket not escaped by a backslash. */
const MASKED_LINK = /(?<!\\)\[[^\]]*(?<!\\)\]\(/;
const NITRO = 'https://github.com/a [Claim free Nitro](https://evil.example/gift)';

async function submitProof(user: FakeMember, url: string) {
  const open = await h.fake.slash({ user: user.id, name: 'roadmap', options: { step: 'git', public: true } });
  await open.response();
  const card = open.message();
  const button = await h.fake.clickButton({
    user: user.id,
    message: card,
    customId: customIds(card).find((id) => id.startsWith(`roadmap:v1:proof:${user.id}:git`))!,
  });
  expect((await button.response()).type).toBe(InteractionResponseType.Modal);
  const submit = await h.fake.submitModal({ from: button, user: user.id, values: { url } });
  await submit.response();
  return { card: () => h.fake.message(card.id)!, reply: String(submit.callback()?.data?.content ?? '') };
}

async function progressSeenBy(viewer: FakeMember, owner: FakeMember): Promise<string> {
  const view = await h.fake.slash({
    user: viewer.id,
    name: 'progress',
    options: viewer.id === owner.id ? {} : { member: { user: owner.id } },
  });
  await view.response();
  return visibleText(view.message());
}

describe('proof links', () => {
  it.each([
    [NITRO, /without spaces or text around it/],
    ['https://github.com@evil.example.com/x', /user name or password.*evil\.example\.com/],
    ['https://localhost/admin', /not a public website/],
    ['http://127.0.0.1/', /not an IP address/],
    ['https://-bad-.com', /not a valid website name/],
  ])('refuses %s with a specific message and saves nothing', async (url, reason) => {
    const { reply } = await submitProof(alice, url);
    expect(reply).toMatch(reason);
    expect(reply).toContain('Nothing was changed');
    expect(await listStepProgress(h.bot.database.db, { guildId: h.fake.guild.id, userId: alice.id })).toEqual(
      [],
    );
  });

  it('shows the real destination on the public card and in a shared /progress', async () => {
    const share = await h.fake.slash({ user: alice.id, name: 'progress', options: { 'allow-others': true } });
    await share.response();

    const masked = await submitProof(alice, 'https://github.com/a[Claim-free-Nitro](https://evil.co/gift)');
    // The roadmap's own resources are masked links; the member's proof line must not be one.
    const proofLine = visibleText(masked.card())
      .split('\n')
      .find((line) => line.includes('Proof:'));
    expect(proofLine).toBe('🔗 Proof: https://github.com/a%5BClaim-free-Nitro%5D(https://evil.co/gift)');
    expect(proofLine).not.toMatch(MASKED_LINK);
    const seen = await progressSeenBy(bob, alice);
    const portfolio = seen.slice(seen.indexOf('Portfolio'));
    expect(portfolio).toContain('https://github.com/a%5BClaim-free-Nitro%5D(https://evil.co/gift)');
    expect(portfolio).not.toMatch(MASKED_LINK);
  });

  it('shows a look-alike host (Cyrillic і) in punycode, never as github.com', async () => {
    const lookalike = await submitProof(alice, 'https://g\u0456thub.com/alice');
    expect(visibleText(lookalike.card())).toMatch(/Proof: https:\/\/xn--[a-z0-9-]+\.com\/alice/);
    const [row] = await listStepProgress(h.bot.database.db, { guildId: h.fake.guild.id, userId: alice.id });
    expect(row?.proof_url).toMatch(/^https:\/\/xn--[a-z0-9-]+\.com\/alice$/);
    expect(await progressSeenBy(alice, alice)).not.toContain('g\u0456thub');
  });
});

describe('member text shown to others', () => {
  const HOSTILE = '# Free Nitro [claim here](https://evil.example/gift) @everyone';

  it('a goal in the weekly summary is escaped: no heading, no masked link, no mass mention', async () => {
    const clock = h.clock as ManualClock;
    const admin = h.fake.guild.owner;
    const channel = h.fake.guild.channels.find((c) => c.name === 'accountability')!;
    const run = async (user: FakeMember, name: string, subcommand: string, options = {}) => {
      const interaction = await h.fake.slash({ user: user.id, name, subcommand, options });
      await interaction.response();
      return interaction;
    };
    clock.set(Date.parse('2026-11-14T08:00:00Z'));
    const setup = await run(admin, 'checkin-admin', 'setup', {
      channel: { channel: channel.id },
      day: 'monday',
      time: '09:00',
      timezone: 'Europe/Paris',
    });
    await setup.waitForOriginal((m) => m.content !== '' || m.embeds.length > 0);
    await (await run(alice, 'checkin', 'join')).waitForOriginal((m) => m.content.includes('joined'));
    clock.set(Date.parse('2026-11-16T08:01:00Z'));
    await h.bot.scheduler.tick();
    const prompt = h.fake.dmsTo(alice.id).at(-1)!;
    const button = await h.fake.clickButton({
      user: alice.id,
      message: prompt,
      customId: customIds(prompt)[0]!,
    });
    await button.response();
    await (
      await h.fake.submitModal({ from: button, user: alice.id, values: { done: 'Work', nextGoal: HOSTILE } })
    ).response();

    const summary = await run(admin, 'checkin-admin', 'summary');
    await summary.waitForOriginal((m) => m.content !== '');
    const posted = h.fake.messagesIn(channel.id).filter((m) => visibleText(m).includes('Weekly check-in'));
    expect(posted).toHaveLength(1);
    const goals = posted[0]!.embeds[0]!.fields!.find((f) => f.name === 'Goals for next week')!.value;
    expect(goals).toContain(`<@${alice.id}>: \\# Free Nitro \\[claim here\\](https://evil.example/gift)`);
    expect(goals).not.toMatch(MASKED_LINK);
    expect(goals).not.toContain('@everyone');
    expect(posted[0]!.pings.everyone).toBe(false);
  });

  it('feedback reaches its candidate escaped', async () => {
    const owner = h.fake.guild.ownerId;
    const slash = async (user: string, name: string, subcommand: string, options = {}) => {
      const interaction = await h.fake.slash({ user, name, subcommand, options });
      await interaction.response();
      return interaction;
    };
    await slash(owner, 'interview-admin', 'setup', {
      channel: 'interviews',
      day: 'friday',
      time: '18:00',
      timezone: 'Europe/Paris',
      cadence: 'weekly',
    });
    await slash(alice.id, 'interview', 'join');
    await slash(bob.id, 'interview', 'join');
    await (await slash(owner, 'interview-admin', 'pair-now')).waitForOriginal(undefined, 15_000);
    const [group] = await listMemberGroups(h.bot.database.db, h.fake.guild.id, alice.id, 1);
    const members = (await listGroupMembers(h.bot.database.db, group!.groupId)).map((m) => m.userId);
    const intro: FakeMessage = h.fake.messagesIn(group!.threadId!)[0]!;
    const giver = members[0] === alice.id ? alice : bob;
    const candidate = giver === alice ? bob : alice;
    const open = await h.fake.clickButton({
      user: giver.id,
      message: intro,
      customId: `interview:v1:feedback:${group!.groupId}`,
    });
    await open.response();
    await (
      await h.fake.submitModal({
        from: open,
        user: giver.id,
        values: {
          ratings: '4 3 5 4',
          strength: HOSTILE,
          improve: '[a](https://x.co) [b](https://evil.example)',
        },
      })
    ).response();
    const dm = await h.fake.waitForDm(candidate, (m) => visibleText(m).includes('Mock-interview feedback'));
    const text = visibleText(dm);
    expect(text).toContain('\\# Free Nitro \\[claim here\\](https://evil.example/gift)');
    expect(text).not.toMatch(MASKED_LINK);
    expect(text).not.toContain('@everyone');
  });
});
