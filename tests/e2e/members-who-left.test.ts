import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { listDeliveries } from '../../src/db/repositories/checkin-rounds.js';
import { getCheckinMember } from '../../src/db/repositories/checkins.js';
import { isDeparted } from '../../src/db/repositories/departures.js';
import { listGroupMembers, listGroups } from '../../src/db/repositories/interviews/groups.js';
import { getInterviewMember } from '../../src/db/repositories/interviews/members.js';
import { listRounds } from '../../src/db/repositories/interviews/rounds.js';
import { GUILD_ONLY_MESSAGE } from '../../src/discord/dispatcher.js';
import { DAY_MS } from '../../src/domain/time/duration.js';
import type { FakeMember } from '../../fake-discord/index.js';
import {
  customIds,
  startHarness,
  visibleText,
  type Harness,
  type HarnessOptions,
} from '../support/harness.js';

/**
 * Someone who leaves a server gets no more prompts or pairings from it, can leave and delete their data
 * from a DM with the bot, and their data goes 30 days after they left.
 */

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

// Monday 16 November 2026, 09:00 in Paris.
const MONDAY = Date.parse('2026-11-16T08:00:00Z');
const MEMBER_LOOKUP = /^\/api\/v10\/guilds\/\d+\/members\/\d+$/;

async function start(options: HarnessOptions = {}): Promise<Harness> {
  h = await startHarness({ fake: { members: ['alice', 'bob', 'carol', 'dave'] }, ...options });
  (h.clock as ManualClock).set(MONDAY - 2 * DAY_MS);
  return h;
}

async function slash(
  harness: Harness,
  user: FakeMember,
  name: string,
  subcommand: string,
  options = {},
  dm = false,
) {
  const interaction = await harness.fake.slash({
    user: user.id,
    name,
    subcommand,
    options,
    ...(dm ? { dm } : {}),
  });
  await interaction.response();
  return interaction;
}

async function checkinsWith(harness: Harness, ...members: FakeMember[]) {
  const channel = harness.fake.guild.channels.find((c) => c.name === 'accountability')!;
  const setup = await slash(harness, harness.fake.guild.owner, 'checkin-admin', 'setup', {
    channel: { channel: channel.id },
    day: 'monday',
    time: '09:00',
    timezone: 'Europe/Paris',
  });
  await setup.waitForOriginal((m) => m.content !== '');
  for (const member of members)
    await (
      await slash(harness, member, 'checkin', 'join')
    ).waitForOriginal((m) => m.content.includes('joined'));
}

const prompts = (harness: Harness, member: FakeMember) =>
  harness.fake.dmsTo(member.id).filter((m) => /Weekly check-in|Check-in reminder/.test(visibleText(m)));

describe('members who left the server (no Server Members intent: Discord is asked)', () => {
  it('are not reminded, cannot answer an old prompt, and their data goes 30 days later', async () => {
    const harness = await start();
    const clock = harness.clock as ManualClock;
    const [alice, bob] = [harness.fake.member('alice'), harness.fake.member('bob')];
    await checkinsWith(harness, alice, bob);
    clock.set(MONDAY + 60_000);
    await harness.bot.scheduler.tick();
    expect(prompts(harness, bob)).toHaveLength(1);
    const oldPrompt = prompts(harness, bob)[0]!;

    harness.fake.removeMember(bob);
    // The reminder, 24 hours before the close: Alice gets hers, Bob, gone, gets nothing.
    clock.set(MONDAY + 6 * DAY_MS + 60_000);
    await harness.bot.scheduler.tick();
    expect(prompts(harness, alice)).toHaveLength(2);
    expect(prompts(harness, bob)).toHaveLength(1);
    const reminders = await listDeliveries(
      harness.bot.database.db,
      harness.fake.guild.id,
      '2026-11-16',
      'reminder',
    );
    expect(reminders.find((d) => d.userId === bob.id)).toMatchObject({
      state: 'skipped',
      error: 'left the server',
    });
    expect(await isDeparted(harness.bot.database.db, harness.fake.guild.id, bob.id)).toBe(true);

    // The prompt still sits in Bob's DMs (he shares no server any more, but DMs stay): it is closed to him.
    const answer = await harness.fake.clickButton({
      user: bob.id,
      message: oldPrompt,
      customId: customIds(oldPrompt)[0]!,
    });
    expect(String((await answer.response()).data?.content)).toMatch(/no longer a member of that server/);

    // The next weeks: no prompt either.
    clock.set(MONDAY + 7 * DAY_MS + 60_000);
    await harness.bot.scheduler.tick();
    expect(prompts(harness, bob)).toHaveLength(1);
    expect(prompts(harness, alice)).toHaveLength(3);

    // 30 days after he left (as first seen): his rows are gone, Alice's stay.
    clock.set(MONDAY + 6 * DAY_MS + 31 * DAY_MS);
    await harness.bot.scheduler.tick();
    const db = harness.bot.database.db;
    expect(await getCheckinMember(db, harness.fake.guild.id, bob.id)).toBeUndefined();
    expect(await getCheckinMember(db, harness.fake.guild.id, alice.id)).toBeDefined();
    const left = await sql<{
      n: number;
    }>`select count(*) as n from checkin_delivery where user_id = ${bob.id}`.execute(db);
    expect(left.rows[0]?.n).toBe(0);
    expect(await isDeparted(db, harness.fake.guild.id, bob.id)).toBe(false);
  });

  it('are never paired for a mock interview', async () => {
    const harness = await start();
    const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map((n) =>
      harness.fake.member(n),
    ) as [FakeMember, FakeMember, FakeMember, FakeMember];
    const owner = harness.fake.guild.owner;
    await slash(harness, owner, 'interview-admin', 'setup', {
      channel: 'interviews',
      day: 'friday',
      time: '18:00',
      timezone: 'Europe/Paris',
      cadence: 'weekly',
    });
    for (const member of [alice, bob, carol, dave]) await slash(harness, member, 'interview', 'join');
    harness.fake.removeMember(dave);
    const pair = await slash(harness, owner, 'interview-admin', 'pair-now');
    await pair.waitForOriginal((m) => m.content !== '', 15_000);
    const db = harness.bot.database.db;
    const [round] = await listRounds(db, harness.fake.guild.id);
    const paired = (
      await Promise.all((await listGroups(db, round!.id)).map((g) => listGroupMembers(db, g.id)))
    )
      .flat()
      .map((m) => m.userId);
    expect(paired.sort()).toEqual([alice.id, bob.id, carol.id].sort());
    expect(await getInterviewMember(db, harness.fake.guild.id, dave.id)).toMatchObject({
      active: false,
      removedReason: 'left-server',
    });
  });
});

describe('members who left the server (Server Members intent enabled)', () => {
  it('learns it from GUILD_MEMBER_REMOVE, prompts without asking Discord about each member, and forgets it on return', async () => {
    const harness = await start({ env: { DISCORD_MEMBERS_INTENT: 'true' } });
    const clock = harness.clock as ManualClock;
    const [alice, bob] = [harness.fake.member('alice'), harness.fake.member('bob')];
    await checkinsWith(harness, alice, bob);
    const db = harness.bot.database.db;
    harness.fake.removeMember(bob);
    await harness.fake.waitFor(
      async () => ((await isDeparted(db, harness.fake.guild.id, bob.id)) ? true : undefined),
      'the departure to be recorded',
    );
    clock.set(MONDAY + 60_000);
    await harness.bot.scheduler.tick();
    expect(prompts(harness, alice)).toHaveLength(1);
    expect(prompts(harness, bob)).toHaveLength(0);
    expect(harness.fake.requests.filter((r) => r.method === 'GET' && MEMBER_LOOKUP.test(r.path))).toEqual([]);

    harness.fake.addMember({ id: bob.id, username: 'bob' });
    await harness.fake.waitFor(
      async () => ((await isDeparted(db, harness.fake.guild.id, bob.id)) ? undefined : true),
      'the return to be recorded',
    );
  });
});

describe('in a DM with the bot', () => {
  it('/checkin leave, /privacy export and /privacy delete work for every server; nothing else does', async () => {
    // Discord offers commands in DMs only when they are registered globally.
    const harness = await start({ env: { DISCORD_GUILD_ID: '' } });
    const alice = harness.fake.member('alice');
    await checkinsWith(harness, alice);
    const db = harness.bot.database.db;

    const join = await slash(harness, alice, 'checkin', 'join', {}, true);
    expect(join.message().content).toBe(GUILD_ONLY_MESSAGE);

    const leave = await slash(harness, alice, 'checkin', 'leave', {}, true);
    expect(leave.message().content).toMatch(/You left the weekly check-ins of/);
    expect((await getCheckinMember(db, harness.fake.guild.id, alice.id))?.active).toBe(false);

    const exported = await slash(harness, alice, 'privacy', 'export', {}, true);
    const file = JSON.parse(exported.message().files[0]!.text()) as {
      servers: Array<{ id: string; data: Record<string, unknown[]> }>;
    };
    expect(file.servers.map((s) => s.id)).toEqual([harness.fake.guild.id]);
    expect(file.servers[0]!.data.checkin_member).toHaveLength(1);

    const ask = await slash(harness, alice, 'privacy', 'delete', {}, true);
    const confirm = await harness.fake.clickButton({
      user: alice.id,
      message: ask.message(),
      customId: `privacy:v1:delete:${alice.id}`,
    });
    await confirm.response();
    expect(harness.fake.message(ask.message().id)?.content).toMatch(/Deleted 1 check-in membership/);
    expect(await getCheckinMember(db, harness.fake.guild.id, alice.id)).toBeUndefined();
  });
});
