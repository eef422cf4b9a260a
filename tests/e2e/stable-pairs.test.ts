import { InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFeedbackReceived } from '../../src/db/repositories/interviews/feedback.js';
import { listGroupMembers, listMemberGroups } from '../../src/db/repositories/interviews/groups.js';
import type { FakeMember } from '../../fake-discord/index.js';
import { startHarness, visibleText, type Harness } from '../support/harness.js';

/** Who interviews whom is fixed when the group is made: a deletion mid-round re-targets no feedback. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob', 'carol'] } });
});
afterEach(async () => {
  await h.close();
});

async function slash(user: string, name: string, subcommand: string, options = {}) {
  const interaction = await h.fake.slash({ user, name, subcommand, options });
  await interaction.response();
  return interaction;
}

describe('a trio A→B→C→A in which B deletes their data mid-round', () => {
  it('A is not asked to rate C, and C still rates A', async () => {
    const owner = h.fake.guild.ownerId;
    await slash(owner, 'interview-admin', 'setup', {
      channel: 'interviews',
      day: 'friday',
      time: '18:00',
      timezone: 'Europe/Paris',
      cadence: 'weekly',
    });
    const members = ['alice', 'bob', 'carol'].map((name) => h.fake.member(name));
    for (const member of members) await slash(member.id, 'interview', 'join');
    await (
      await slash(owner, 'interview-admin', 'pair-now')
    ).waitForOriginal((m) => m.content !== '', 15_000);

    const db = h.bot.database.db;
    const [group] = await listMemberGroups(db, h.fake.guild.id, members[0]!.id, 1);
    const rotation = (await listGroupMembers(db, group!.groupId))
      .sort((x, y) => x.position - y.position)
      .map((m) => members.find((member) => member.id === m.userId)!);
    const [a, b, c] = rotation as [FakeMember, FakeMember, FakeMember];
    const intro = h.fake.messagesIn(group!.threadId!)[0]!;
    expect(visibleText(intro)).toContain(`<@${a.id}> interviews <@${b.id}>`);

    const ask = await slash(b.id, 'privacy', 'delete');
    const confirm = await h.fake.clickButton({
      user: b.id,
      message: ask.message(),
      customId: `privacy:v1:delete:${b.id}`,
    });
    await confirm.response();

    // A interviewed B, who is gone: nobody to rate, and certainly not C.
    const fromA = await h.fake.clickButton({
      user: a.id,
      message: intro,
      customId: `interview:v1:feedback:${group!.groupId}`,
    });
    const answerA = await fromA.response();
    expect(answerA.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(String(answerA.data?.content)).toMatch(/deleted their Stepwise data/);
    const notesA = await h.fake.clickButton({
      user: a.id,
      message: intro,
      customId: `interview:v1:notes:${group!.groupId}`,
    });
    const notes = await notesA.response();
    expect(String(notes.data?.content)).toMatch(/deleted their Stepwise data/);
    expect(JSON.stringify(notes.data)).not.toContain(c.id);

    // C interviewed A: unchanged, and the feedback reaches A.
    const fromC = await h.fake.clickButton({
      user: c.id,
      message: intro,
      customId: `interview:v1:feedback:${group!.groupId}`,
    });
    expect((await fromC.response()).type).toBe(InteractionResponseType.Modal);
    const submit = await h.fake.submitModal({
      from: fromC,
      user: c.id,
      values: { ratings: '4 4 4 4', strength: 'Clear', improve: 'Numbers' },
    });
    await submit.response();
    await submit.waitForOriginal((m) => m.content.includes('Feedback saved'), 15_000);
    expect(await listFeedbackReceived(db, h.fake.guild.id, a.id)).toMatchObject([{ giverId: c.id }]);
    expect(await listFeedbackReceived(db, h.fake.guild.id, c.id)).toEqual([]);
  });
});
