import { MessageFlags } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMemberGroups, listGroupMembers } from '../../src/db/repositories/interviews/groups.js';
import type { FakeMember, FakeMessage } from '../../fake-discord/index.js';
import { startHarness, visibleText, type Harness } from '../support/harness.js';

/**
 * "See my feedback" shows the presser the feedback they received, and nothing else: not what they gave,
 * not what the other two members of a trio gave each other.
 */
let h: Harness;
let trio: FakeMember[];

beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob', 'carol'] } });
  trio = ['alice', 'bob', 'carol'].map((name) => h.fake.member(name));
});
afterEach(async () => {
  await h.close();
});

async function command(user: string, name: string, subcommand: string, options: Record<string, string> = {}) {
  const interaction = await h.fake.slash({ user, name, subcommand, options });
  await interaction.response();
  return interaction;
}

async function press(member: FakeMember, message: FakeMessage, customId: string) {
  const interaction = await h.fake.clickButton({ user: member.id, message, customId });
  await interaction.response();
  return interaction;
}

describe('"See my feedback" in a trio', () => {
  it('shows the candidate their feedback, and neither the giver nor the third member', async () => {
    const owner = h.fake.guild.ownerId;
    await command(owner, 'interview-admin', 'setup', {
      channel: 'interviews',
      day: 'friday',
      time: '18:00',
      timezone: 'Europe/Paris',
      cadence: 'weekly',
    });
    for (const member of trio) await command(member.id, 'interview', 'join');
    const pair = await command(owner, 'interview-admin', 'pair-now');
    expect((await pair.waitForOriginal(undefined, 15_000)).content).toContain('1 of 1 group set up');

    const [group] = await listMemberGroups(h.bot.database.db, h.fake.guild.id, trio[0]!.id, 1);
    expect((await listGroupMembers(h.bot.database.db, group!.groupId)).map((m) => m.userId).sort()).toEqual(
      trio.map((m) => m.id).sort(),
    );
    const intro = h.fake.messagesIn(group!.threadId!)[0]!;
    const id = (action: string) => `interview:v1:${action}:${group!.groupId}`;

    // Alice rates the member she interviewed; the reply names them.
    const giver = trio[0]!;
    const open = await press(giver, intro, id('feedback'));
    const submit = await h.fake.submitModal({
      from: open,
      user: giver.id,
      values: { ratings: '5 4 3 2', strength: 'UNIQUE-STRENGTH-TEXT', improve: 'UNIQUE-IMPROVE-TEXT' },
    });
    await submit.response();
    const saved = (await submit.waitForOriginal()).content;
    const candidateId = /Feedback saved for <@(\d+)>/.exec(saved)?.[1];
    expect(trio.map((m) => m.id)).toContain(candidateId);
    expect(candidateId).not.toBe(giver.id);
    const candidate = trio.find((m) => m.id === candidateId)!;
    const third = trio.find((m) => m !== giver && m !== candidate)!;

    const seenBy = async (member: FakeMember) => {
      const reply = (await press(member, intro, id('mine'))).message();
      expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      return visibleText(reply);
    };
    expect(await seenBy(candidate)).toContain('UNIQUE-STRENGTH-TEXT');
    expect(await seenBy(giver)).not.toContain('UNIQUE-STRENGTH-TEXT');
    expect(await seenBy(giver)).not.toContain('UNIQUE-IMPROVE-TEXT');
    expect(await seenBy(third)).not.toContain('UNIQUE-STRENGTH-TEXT');
    expect(await seenBy(third)).not.toContain('UNIQUE-IMPROVE-TEXT');
  });
});
