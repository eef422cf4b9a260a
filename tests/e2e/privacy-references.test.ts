import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCheckinConfig } from '../../src/db/repositories/checkins.js';
import { listRounds } from '../../src/db/repositories/interviews/rounds.js';
import type { FakeMember } from '../../fake-discord/index.js';
import { startHarness, type Harness } from '../support/harness.js';

/** Server rows that name a member (who last changed a schedule, who sat out) are theirs to see and erase. */

let h: Harness;
let alice: FakeMember;
beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob'] } });
  alice = h.fake.member('alice');
});
afterEach(async () => {
  await h.close();
});

async function slash(name: string, subcommand: string, options = {}, permissions?: string[]) {
  const interaction = await h.fake.slash({
    user: alice.id,
    name,
    subcommand,
    options,
    ...(permissions ? { permissions } : {}),
  });
  await interaction.response();
  return interaction.callback()?.type === 5
    ? interaction.waitForOriginal((m) => m.content !== '', 15_000)
    : interaction.message();
}

describe('/privacy and the server rows that name a member', () => {
  it('exports the schedule Alice set up and the round she sat out, and delete removes her name from both', async () => {
    const channel = h.fake.guild.channels.find((c) => c.name === 'accountability')!;
    const admin = ['ManageGuild', 'ViewChannel', 'SendMessages'];
    await slash(
      'checkin-admin',
      'setup',
      { channel: { channel: channel.id }, day: 'monday', time: '09:00', timezone: 'UTC' },
      admin,
    );
    await slash(
      'interview-admin',
      'setup',
      { channel: 'interviews', day: 'friday', time: '18:00', timezone: 'Europe/Paris', cadence: 'weekly' },
      admin,
    );
    await slash('interview', 'join');
    await slash('interview-admin', 'pair-now', {}, admin); // alone in the pool: she sits out
    const db = h.bot.database.db;
    expect((await listRounds(db, h.fake.guild.id))[0]?.satOutUserId).toBe(alice.id);

    const exported = await slash('privacy', 'export');
    const file = JSON.parse(exported.files[0]!.text()) as {
      data: Record<string, Array<Record<string, unknown>>>;
    };
    expect(file.data.checkin_config).toMatchObject([{ updated_by: alice.id }]);
    expect(file.data.interview_config).toMatchObject([{ updated_by: alice.id }]);
    expect(file.data.interview_round).toMatchObject([{ sat_out_user_id: alice.id }]);

    const ask = await slash('privacy', 'delete');
    const confirm = await h.fake.clickButton({
      user: alice.id,
      message: ask,
      customId: `privacy:v1:delete:${alice.id}`,
    });
    await confirm.response();
    expect(h.fake.message(ask.id)?.content).toMatch(
      /your name was removed from 1 check-in schedule you last changed/,
    );
    expect((await getCheckinConfig(db, h.fake.guild.id))?.updatedBy).toBe('');
    expect((await listRounds(db, h.fake.guild.id))[0]?.satOutUserId).toBeNull();
    const again = await slash('privacy', 'export');
    const left = JSON.parse(again.files[0]!.text()) as { data: Record<string, unknown[]> };
    expect(Object.values(left.data).flat()).toEqual([]);
  });
});
