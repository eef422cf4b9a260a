import { ChannelType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { getInterviewConfig } from '../../src/db/repositories/interviews/config.js';
import { listFeedbackReceived } from '../../src/db/repositories/interviews/feedback.js';
import {
  listGroupMembers,
  listGroups,
  listMemberGroups,
} from '../../src/db/repositories/interviews/groups.js';
import { getInterviewMember } from '../../src/db/repositories/interviews/members.js';
import { listReports } from '../../src/db/repositories/interviews/reports.js';
import { listRounds } from '../../src/db/repositories/interviews/rounds.js';
import { MANAGE_SERVER_MESSAGE } from '../../src/discord/dispatcher.js';
import { loadQuestionBank } from '../../src/content/load.js';
import { words } from '../../src/content/originality.js';
import { findQuestion } from '../../src/domain/questions/pick.js';
import type { Question } from '../../src/domain/questions/schema.js';
import type { FakeMember, FakeMessage } from '../../fake-discord/index.js';
import { customIds, startHarness, visibleText, type Harness } from '../support/harness.js';

let h: Harness;
let clock: ManualClock;
let alice: FakeMember;
let bob: FakeMember;
let carol: FakeMember;
let dave: FakeMember;

beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob', 'carol', 'dave', 'erin'] } });
  clock = h.clock as ManualClock;
  [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map((name) => h.fake.member(name)) as [
    FakeMember,
    FakeMember,
    FakeMember,
    FakeMember,
  ];
});
afterEach(async () => {
  await h.close();
});

const db = () => h.bot.database.db;
const guildId = () => h.fake.guild.id;
const isEphemeral = (message: FakeMessage) => (message.flags & MessageFlags.Ephemeral) !== 0;
/** Friday 20 November 2026, 18:00 in Paris: the first round after the harness's Monday 16 November. */
const FIRST_ROUND = Date.parse('2026-11-20T17:00:00Z');

async function command(
  user: string,
  name: 'interview' | 'interview-admin',
  subcommand: string,
  options: Record<string, string | boolean> = {},
  permissions?: string[],
) {
  const interaction = await h.fake.slash({
    user,
    name,
    subcommand,
    options,
    ...(permissions ? { permissions } : {}),
  });
  const response = await interaction.response();
  return { interaction, response, text: String(response.data?.content ?? '') };
}

const SETUP = {
  channel: 'interviews',
  day: 'friday',
  time: '18:00',
  timezone: 'Europe/Paris',
  cadence: 'weekly',
};

async function setup(options: Partial<typeof SETUP> = {}) {
  return command(h.fake.guild.ownerId, 'interview-admin', 'setup', { ...SETUP, ...options });
}

async function joinAll(...members: FakeMember[]) {
  for (const member of members) await command(member.id, 'interview', 'join');
}

/** Runs `/interview-admin pair-now` as the owner and returns the final (deferred) reply. */
async function pairNow(): Promise<string> {
  const { interaction } = await command(h.fake.guild.ownerId, 'interview-admin', 'pair-now');
  return (await interaction.waitForOriginal(undefined, 15_000)).content;
}

async function groupOf(member: FakeMember) {
  const [latest] = await listMemberGroups(db(), guildId(), member.id, 1);
  if (!latest?.threadId) throw new Error(`${member.username} has no thread`);
  const members = (await listGroupMembers(db(), latest.groupId)).map((m) => m.userId);
  const intro = h.fake.messagesIn(latest.threadId)[0];
  if (!intro) throw new Error(`no intro in ${member.username}'s thread`);
  return { groupId: latest.groupId, threadId: latest.threadId, members, intro };
}

async function press(member: FakeMember, message: FakeMessage, customId: string) {
  const interaction = await h.fake.clickButton({ user: member.id, message, customId });
  const response = await interaction.response();
  return { interaction, response, text: String(response.data?.content ?? '') };
}

describe('/interview-admin', () => {
  it('refuses members without Manage Server and changes nothing', async () => {
    const refused = await command(alice.id, 'interview-admin', 'setup', SETUP);
    expect(refused.text).toBe(MANAGE_SERVER_MESSAGE);
    const pair = await command(bob.id, 'interview-admin', 'pair-now', {}, ['SendMessages']);
    expect(pair.text).toBe(MANAGE_SERVER_MESSAGE);
    expect(await getInterviewConfig(db(), guildId())).toBeUndefined();
    expect(
      h.fake.commands(guildId()).find((c) => c.name === 'interview-admin')?.default_member_permissions,
    ).toBe('32');

    // Manage Server is what counts, not being the owner.
    const allowed = await command(alice.id, 'interview-admin', 'setup', SETUP, ['ManageGuild']);
    expect(allowed.text).toContain('Mock interviews are set up');
  });

  it('explains an unknown zone, an impossible time or a channel it cannot use, saving nothing', async () => {
    expect((await setup({ timezone: 'Mars/Olympus' })).text).toMatch(/time zone such as Europe\/Paris.*/s);
    expect((await setup({ time: '24:30' })).text).toMatch(/HH:MM/);
    h.fake.denyChannel('interviews');
    const denied = await setup();
    expect(denied.text).toMatch(/missing .*Create Private Threads.*Nothing was saved/s);
    expect(await getInterviewConfig(db(), guildId())).toBeUndefined();
  });

  it('saves the schedule and shows the next round as a Discord timestamp; the zone autocompletes', async () => {
    const zones = await h.fake.autocomplete({
      user: h.fake.guild.ownerId,
      name: 'interview-admin',
      subcommand: 'setup',
      options: { ...SETUP, timezone: 'paris' },
      focused: 'timezone',
    });
    await zones.response();
    expect(zones.choices()[0]).toMatchObject({ value: 'Europe/Paris' });

    const done = await setup({ cadence: 'biweekly' });
    expect(isEphemeral(done.interaction.message())).toBe(true);
    expect(done.text).toContain(`<t:${FIRST_ROUND / 1000}:F>`);
    expect(done.text).toContain('every two weeks on Friday at 18:00 (Europe/Paris)');
    expect(await getInterviewConfig(db(), guildId())).toMatchObject({
      channelId: h.fake.channel('interviews').id,
      cadence: 'biweekly',
      timezone: 'Europe/Paris',
      updatedBy: h.fake.guild.ownerId,
    });
  });
});

describe('/interview for members', () => {
  it('joins with preferences, shows the status, skips one round, practises and leaves', async () => {
    await setup();
    const joined = await command(alice.id, 'interview', 'join', {
      focus: 'teamwork',
      level: 'beginner',
      timezone: 'Europe/Paris',
    });
    expect(isEphemeral(joined.interaction.message())).toBe(true);
    expect(joined.text).toContain('You joined the mock-interview pool');
    expect(joined.text).toContain(`<t:${FIRST_ROUND / 1000}:F>`);
    expect(await getInterviewMember(db(), guildId(), alice.id)).toMatchObject({
      focus: 'teamwork',
      level: 'beginner',
      timezone: 'Europe/Paris',
      active: true,
    });

    const focus = await h.fake.autocomplete({
      user: alice.id,
      name: 'interview',
      subcommand: 'join',
      options: { focus: 'confl' },
      focused: 'focus',
    });
    await focus.response();
    expect(focus.choices().map((c) => c.value)).toContain('conflict');

    expect((await command(alice.id, 'interview', 'skip')).text).toContain('sit out the next round only');
    const status = await command(alice.id, 'interview', 'status');
    expect(visibleText(status.interaction.message())).toContain('skipping the next round');

    const question = await command(alice.id, 'interview', 'question', { competency: 'conflict' });
    const practice = visibleText(question.interaction.message());
    expect(isEphemeral(question.interaction.message())).toBe(true);
    expect(practice).toContain('Practice question · Handling conflict');
    expect(practice).toContain('S — Situation');

    expect((await command(alice.id, 'interview', 'leave')).text).toContain('You left');
    expect((await getInterviewMember(db(), guildId(), alice.id))?.active).toBe(false);
    expect((await command(alice.id, 'interview', 'skip')).text).toContain('not in the mock-interview pool');
  });
});

describe('rounds', () => {
  it('previews the pairs with dry-run without sending or saving anything, then pairs everyone in private threads', async () => {
    await setup();
    await joinAll(alice, bob, carol, dave);
    const requestsBefore = h.fake.requests.length;
    const dry = await command(h.fake.guild.ownerId, 'interview-admin', 'pair-now', { 'dry-run': true });
    expect(dry.text).toContain('Dry run');
    expect(dry.text.match(/interviews <@/g)?.length).toBeGreaterThanOrEqual(2);
    expect(h.fake.threads).toEqual([]);
    expect(h.fake.messagesIn('interviews')).toEqual([]);
    expect(await listRounds(db(), guildId())).toEqual([]);
    const sent = h.fake.requests
      .slice(requestsBefore)
      .filter(
        (r) => r.method !== 'GET' && !r.route.startsWith('/interactions') && !r.route.startsWith('/webhooks'),
      );
    expect(sent).toEqual([]);

    const reply = await pairNow();
    expect(reply).toContain('2 of 2 groups set up in private threads');
    const threads = h.fake.threads;
    expect(threads).toHaveLength(2);
    const everyone = new Set<string>();
    for (const thread of threads) {
      expect(thread.type).toBe(ChannelType.PrivateThread);
      expect(thread.parentId).toBe(h.fake.channel('interviews').id);
      const members = h.fake.threadMembers(thread.id);
      expect(members).toHaveLength(3);
      expect(members[0]).toBe(h.fake.botUser.id);
      members.slice(1).forEach((id) => everyone.add(id));
      const messages = h.fake.messagesIn(thread.id);
      expect(messages).toHaveLength(1);
      const intro = messages[0]!;
      const text = visibleText(intro);
      const [first, second] = members
        .slice(1)
        .sort((a, b) => text.indexOf(`<@${a}> interviews`) - text.indexOf(`<@${b}> interviews`));
      expect(text).toContain(`1. <@${first}> interviews <@${second}> first.`);
      expect(text).toContain(`Halfway through, swap: <@${second}> interviews <@${first}>.`);
      // Two questions per candidate, hidden as spoilers, then the STAR guide.
      const questionFields = intro.embeds[0]?.fields?.filter((f) =>
        f.name.startsWith('Questions for candidate'),
      );
      expect(questionFields).toHaveLength(2);
      // Candidate 1 is the one interviewed in line 1, candidate 2 in line 2.
      expect(questionFields?.[0]?.value).toMatch(new RegExp(`^<@${first}> asks <@${second}>`));
      expect(questionFields?.[1]?.value).toMatch(new RegExp(`^<@${second}> asks <@${first}>`));
      expect(text.match(/\|\|[^|]+\|\|/g)).toHaveLength(4);
      expect(text).toContain('Answering with STAR');
      expect(intro.pings.users.sort()).toEqual(members.slice(1).sort());
      const group = (await listMemberGroups(db(), guildId(), first!, 1))[0]!;
      expect(customIds(intro)).toEqual(
        ['met', 'missed', 'feedback', 'notes', 'mine'].map(
          (action) => `interview:v1:${action}:${group.groupId}`,
        ),
      );
    }
    expect([...everyone].sort()).toEqual([alice.id, bob.id, carol.id, dave.id].sort());
    expect(h.fake.messagesIn('interviews')).toEqual([]);

    // The same cycle is not paired twice.
    const again = await command(h.fake.guild.ownerId, 'interview-admin', 'pair-now');
    expect((await again.interaction.waitForOriginal()).content).toContain('already ran');
    expect(h.fake.threads).toHaveLength(2);

    const stats = await command(h.fake.guild.ownerId, 'interview-admin', 'stats');
    expect(visibleText(stats.interaction.message())).toContain('2 (2 pairs, 0 trios)');
  });

  it('takes feedback through a modal, sends it to the candidate alone, and refuses bad ratings storing nothing', async () => {
    await setup();
    await joinAll(alice, bob);
    await pairNow();
    const { groupId, threadId, intro } = await groupOf(alice);

    const outsider = await press(carol, intro, `interview:v1:feedback:${groupId}`);
    expect(outsider.text).toContain('Only the members of this interview group');

    const open = await press(alice, intro, `interview:v1:feedback:${groupId}`);
    expect(open.response.type).toBe(InteractionResponseType.Modal);
    expect(open.interaction.modal()?.title).toMatch(/^Feedback for /);

    const bad = await h.fake.submitModal({
      from: open.interaction,
      user: alice.id,
      values: { ratings: '4 3 9', strength: 'Clear situation', improve: 'Quantify the result' },
    });
    const badResponse = await bad.response();
    expect(String(badResponse.data?.content)).toMatch(/Nothing was saved.*four whole numbers from 1 to 5/s);
    expect(Number(badResponse.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(await listFeedbackReceived(db(), guildId(), bob.id)).toEqual([]);

    const good = await h.fake.submitModal({
      from: open.interaction,
      user: alice.id,
      values: { ratings: '4 3 5 4', strength: 'Clear situation', improve: 'Quantify the result' },
    });
    await good.response();
    const saved = await good.waitForOriginal();
    expect(isEphemeral(saved)).toBe(true);
    expect(saved.content).toContain(`Feedback saved for <@${bob.id}>`);
    expect(await listFeedbackReceived(db(), guildId(), bob.id)).toMatchObject([
      { giverId: alice.id, situation: 4, task: 3, action: 5, result: 4, deliveredVia: 'dm' },
    ]);

    const dm = await h.fake.waitForDm(bob, (m) => visibleText(m).includes('Mock-interview feedback'));
    expect(visibleText(dm)).toContain('Situation **4**/5 · Task **3**/5 · Action **5**/5 · Result **4**/5');
    expect(visibleText(dm)).toContain('Quantify the result');
    // Only the candidate: nothing in the thread, the channel, or anyone else's DMs.
    expect(h.fake.messagesIn(threadId)).toHaveLength(1);
    expect(h.fake.messagesIn('interviews')).toEqual([]);
    expect(h.fake.dmsTo(alice).filter((m) => visibleText(m).includes('Quantify'))).toEqual([]);
    const leaked = h.fake
      .allMessages()
      .filter((m) => !m.ephemeral && visibleText(m).includes('Quantify the result'));
    expect(leaked.map((m) => m.channel_id)).toEqual([h.fake.dmChannelOf(bob)!.id]);
    // Feedback counts as "we met" for the one who gave it.
    expect((await listReports(db(), [groupId])).map((r) => [r.userId, r.outcome])).toEqual([
      [alice.id, 'met'],
    ]);

    const mine = await press(bob, intro, `interview:v1:mine:${groupId}`);
    expect(isEphemeral(mine.interaction.message())).toBe(true);
    expect(visibleText(mine.interaction.message())).toContain('Quantify the result');
    const history = await command(bob.id, 'interview', 'history');
    const historyText = visibleText(history.interaction.message());
    expect(historyText).toContain('Situation **4.0** · Task **3.0** · Action **5.0** · Result **4.0**');
    expect(historyText).toContain(`with <@${alice.id}>`);

    const notes = await press(bob, intro, `interview:v1:notes:${groupId}`);
    expect(visibleText(notes.interaction.message())).toContain(`You interview <@${alice.id}>`);
    expect(visibleText(notes.interaction.message())).toContain('Listen for:');
  });

  it('shows the strong-answer outline and red flags to the interviewer only, never in the candidate’s view', async () => {
    await setup();
    await joinAll(alice, bob);
    await pairNow();
    const { groupId, intro } = await groupOf(alice);
    const bank = loadQuestionBank();
    const rows = await listGroupMembers(db(), groupId);
    const askedOf = (member: FakeMember): Question[] => {
      const ids = rows.find((r) => r.userId === member.id)?.questionIds ?? [];
      return ids.map((id) => findQuestion(bank, id)).filter((q): q is Question => q !== undefined);
    };
    // Compared word by word, so markdown escaping or line joins cannot hide a match.
    const plain = (text: string) => ` ${words(text).join(' ')} `;
    const outlineOf = (q: Question) => [...Object.values(q.strongAnswer), ...q.redFlags].map(plain);
    const aliceAsked = askedOf(alice);
    const bobAsked = new Set(askedOf(bob).map((q) => q.id));
    expect(aliceAsked).toHaveLength(2);

    // Bob interviews Alice: his notes carry the outline and red flags of her questions.
    const bobNotes = plain(
      visibleText((await press(bob, intro, `interview:v1:notes:${groupId}`)).interaction.message()),
    );
    expect(bobNotes).toContain(plain('a strong answer'));
    for (const q of aliceAsked) for (const beat of outlineOf(q)) expect(bobNotes).toContain(beat);

    // Alice, the candidate: the thread intro, her own notes (about Bob) and a practice card lack her outlines.
    const aliceNotes = plain(
      visibleText((await press(alice, intro, `interview:v1:notes:${groupId}`)).interaction.message()),
    );
    const practice = await command(alice.id, 'interview', 'question', {
      competency: aliceAsked[0]!.competency,
    });
    const practiceText = plain(visibleText(practice.interaction.message()));
    expect(practiceText).toContain(plain('What a good answer shows'));
    expect(practiceText).not.toContain(plain('a strong answer'));
    expect(practiceText).not.toContain(plain('Red flags'));
    for (const q of bank.questions.filter((x) => x.competency === aliceAsked[0]!.competency)) {
      for (const beat of outlineOf(q)) expect(practiceText).not.toContain(beat);
    }
    for (const q of aliceAsked) {
      for (const beat of outlineOf(q)) {
        expect(plain(visibleText(intro))).not.toContain(beat);
        if (!bobAsked.has(q.id)) expect(aliceNotes).not.toContain(beat);
      }
    }
  });

  it('follows up once, halfway through, only with groups that have not said whether they met', async () => {
    await setup();
    await joinAll(alice, bob, carol, dave);
    await pairNow();
    const met = await groupOf(alice);
    const silent = await groupOf(met.members.includes(carol.id) ? bob : carol);
    expect((await press(alice, met.intro, `interview:v1:met:${met.groupId}`)).text).toContain(
      'Noted: you met',
    );

    // Paired Monday 12:00 UTC, round ends Friday 17:00 UTC: halfway is Wednesday 14:30.
    clock.set(Date.parse('2026-11-18T14:00:00Z'));
    await h.bot.scheduler.tick();
    expect(h.fake.messagesIn(silent.threadId)).toHaveLength(1);

    clock.set(Date.parse('2026-11-18T15:00:00Z'));
    await h.bot.scheduler.tick();
    await h.bot.scheduler.tick();
    clock.set(Date.parse('2026-11-19T15:00:00Z'));
    await h.bot.scheduler.tick();
    const messages = h.fake.messagesIn(silent.threadId);
    expect(messages).toHaveLength(2);
    expect(messages[1]!.content).toContain('halfway through the round');
    expect(messages[1]!.pings.users.sort()).toEqual([...silent.members].sort());
    expect(h.fake.messagesIn(met.threadId)).toHaveLength(1);
  });

  it('moves a member out after two rounds in a row without meeting, and tells them', async () => {
    await setup();
    await joinAll(alice, bob, carol, dave);
    await pairNow();
    // Alice never answers; her partner each round says they could not meet; the other group meets.
    const missRound = async () => {
      const ghost = await groupOf(alice);
      const partner = h.fake.member(ghost.members.find((id) => id !== alice.id)!);
      expect((await press(partner, ghost.intro, `interview:v1:missed:${ghost.groupId}`)).text).toContain(
        'could not meet',
      );
      const other = await groupOf(
        h.fake.member([bob, carol, dave].find((m) => !ghost.members.includes(m.id))!),
      );
      await press(h.fake.member(other.members[0]!), other.intro, `interview:v1:met:${other.groupId}`);
      return partner;
    };
    const firstPartner = await missRound();

    clock.set(FIRST_ROUND + 60_000);
    await h.bot.scheduler.tick();
    const rounds = await listRounds(db(), guildId());
    expect(rounds.map((r) => [r.key, r.closedAt !== null])).toEqual([
      ['2026-11-13', true],
      ['2026-11-20', false],
    ]);
    expect((await getInterviewMember(db(), guildId(), alice.id))?.active).toBe(true);
    const secondPartner = await missRound();
    expect(secondPartner.id).not.toBe(firstPartner.id);

    clock.set(FIRST_ROUND + 7 * 24 * 3_600_000 + 60_000);
    await h.bot.scheduler.tick();
    expect(await getInterviewMember(db(), guildId(), alice.id)).toMatchObject({
      active: false,
      removedReason: 'no-show',
    });
    const told = await h.fake.waitForDm(alice, (m) =>
      visibleText(m).includes('out of the mock-interview pool'),
    );
    expect(visibleText(told)).toContain('/interview join');
    // The partners who answered stay, and the next round pairs the three of them without Alice.
    for (const member of [bob, carol, dave])
      expect((await getInterviewMember(db(), guildId(), member.id))?.active).toBe(true);
    const third = (await listRounds(db(), guildId()))[2]!;
    const groups = await listGroups(db(), third.id);
    expect(groups).toHaveLength(1);
    expect((await listGroupMembers(db(), groups[0]!.id)).map((m) => m.userId).sort()).toEqual(
      [bob.id, carol.id, dave.id].sort(),
    );
    expect(visibleText((await command(alice.id, 'interview', 'status')).interaction.message())).toContain(
      'Out of the pool',
    );
  });
});
