import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { listMemberGroups } from '../../src/db/repositories/interviews/groups.js';
import { MEMBER_TABLES } from '../../src/db/repositories/member-data.js';
import type { FakeMember, FakeMessage } from '../../fake-discord/index.js';
import { customIds, startHarness, type Harness } from '../support/harness.js';

/**
 * /privacy delete, end to end, after a member has used every feature: afterwards no cell of any table holds
 * their id (found by value, not by column name), their export is empty, and the other member keeps theirs.
 */
const MONDAY_0900_UTC = Date.parse('2026-11-16T09:00:00Z');

let h: Harness;
let alice: FakeMember;
let bob: FakeMember;

beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob'] } });
  (h.clock as ManualClock).set(MONDAY_0900_UTC - 24 * 3600_000);
  [alice, bob] = [h.fake.member('alice'), h.fake.member('bob')];
});
afterEach(async () => {
  await h.close();
});

async function run(
  user: FakeMember,
  name: string,
  subcommand: string | undefined,
  options: Record<string, unknown> = {},
) {
  const interaction = await h.fake.slash({
    user: user.id,
    name,
    ...(subcommand ? { subcommand } : {}),
    options: options as Record<string, string>,
  });
  await interaction.response();
  return interaction.callback()?.type === 5
    ? interaction.waitForOriginal((m) => m.content !== '' || m.embeds.length > 0, 15_000)
    : interaction.message();
}

async function click(user: FakeMember, message: FakeMessage, customId: string) {
  const interaction = await h.fake.clickButton({ user: user.id, message, customId });
  await interaction.response();
  return interaction;
}

/** Tables with at least one cell equal to `value`, with how many rows hold it. */
async function tablesHolding(value: string): Promise<Record<string, number>> {
  const db = h.bot.database.db;
  const tables = await sql<{ name: string }>`select name from sqlite_master
    where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'`.execute(db);
  const found: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const columns = (await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db))
      .rows;
    const any = sql.join(
      columns.map((c) => sql`cast(${sql.ref(c.name)} as text) = ${value}`),
      sql` or `,
    );
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from ${sql.table(name)} where ${any}`.execute(db);
    if (rows[0]!.n > 0) found[name] = rows[0]!.n;
  }
  return found;
}

describe('/privacy delete after using every feature', () => {
  it('leaves no row with my id in any table, an empty export, and the other member untouched', async () => {
    const owner = h.fake.guild.owner;
    const accountability = h.fake.guild.channels.find((c) => c.name === 'accountability')!;
    await run(owner, 'checkin-admin', 'setup', {
      channel: { channel: accountability.id },
      day: 'monday',
      time: '09:00',
      timezone: 'UTC',
    });
    await run(owner, 'interview-admin', 'setup', {
      channel: 'interviews',
      day: 'friday',
      time: '18:00',
      timezone: 'Europe/Paris',
      cadence: 'weekly',
    });
    for (const member of [alice, bob]) {
      await run(member, 'roadmap', undefined, { track: 'python' });
      const card = await run(member, 'roadmap', undefined, { step: 'git' });
      await click(member, card, `roadmap:v1:set:${member.id}:git:done`);
      await run(member, 'checkin', 'join');
      await run(member, 'interview', 'join');
    }

    // A check-in round: prompts recorded, both answer.
    (h.clock as ManualClock).set(MONDAY_0900_UTC + 60_000);
    await h.bot.scheduler.tick();
    for (const member of [alice, bob]) {
      const prompt = h.fake.dmsTo(member.id).find((m) => customIds(m)[0]?.startsWith('checkin:v1:answer'))!;
      const button = await click(member, prompt, customIds(prompt)[0]!);
      const submit = await h.fake.submitModal({
        from: button,
        user: member.id,
        values: { done: 'Learnt Git', nextGoal: 'SQL', blockers: 'none' },
      });
      await submit.response();
    }

    // An interview round: paired, questions asked, met, feedback both ways.
    await run(owner, 'interview-admin', 'pair-now');
    const [group] = await listMemberGroups(h.bot.database.db, h.fake.guild.id, alice.id, 1);
    const intro = h.fake.messagesIn(group!.threadId!)[0]!;
    await click(alice, intro, `interview:v1:met:${group!.groupId}`);
    for (const member of [alice, bob]) {
      const open = await click(member, intro, `interview:v1:feedback:${group!.groupId}`);
      const submit = await h.fake.submitModal({
        from: open,
        user: member.id,
        values: { ratings: '4 4 4 4', strength: 'Clear', improve: 'Numbers' },
      });
      await submit.response();
      await submit.waitForOriginal((m) => m.content.includes('Feedback saved'), 15_000);
    }

    // Every member table holds something of Alice's, so the delete below has something to miss.
    const before = await tablesHolding(alice.id);
    // (member_departure only holds members who left the server; members-who-left.test.ts covers it.)
    const used = MEMBER_TABLES.filter((table) => table !== 'member_departure');
    expect(Object.keys(before).sort()).toEqual(expect.arrayContaining([...used].sort()));
    const bobBefore = await tablesHolding(bob.id);

    const ask = await run(alice, 'privacy', 'delete');
    await click(alice, ask, `privacy:v1:delete:${alice.id}`);
    expect(h.fake.message(ask.id)?.content).toMatch(/Deleted/);

    expect(await tablesHolding(alice.id)).toEqual({});
    const exported = await run(alice, 'privacy', 'export');
    expect(exported.content).toMatch(/: nothing\./);
    const file = JSON.parse(exported.files[0]?.text() ?? '{"data":{}}') as {
      data: Record<string, unknown[]>;
    };
    expect(Object.values(file.data).flat()).toEqual([]);
    // Bob keeps everything of his, except the feedback he gave Alice and received from her, and the two
    // pairs (Alice interviews Bob, Bob interviews Alice) that name her.
    const { interview_feedback: feedbackWithAlice, interview_pair: pairsWithAlice, ...bobRest } = bobBefore;
    expect(feedbackWithAlice).toBe(2);
    expect(pairsWithAlice).toBe(2);
    expect(await tablesHolding(bob.id)).toEqual(bobRest);
  });
});
