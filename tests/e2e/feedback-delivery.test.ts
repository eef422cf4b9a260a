import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { getFeedback } from '../../src/db/repositories/interviews/feedback.js';
import { listGroupMembers, listMemberGroups } from '../../src/db/repositories/interviews/groups.js';
import type { FakeMember, FakeMessage } from '../../fake-discord/index.js';
import { startHarness, visibleText, type Harness } from '../support/harness.js';

/** The giver is told what became of their feedback DM, and a transient failure is retried. */

let h: Harness;
let giver: FakeMember;
let candidate: FakeMember;
let groupId: number;
let intro: FakeMessage;

beforeEach(async () => {
  h = await startHarness({ fake: { members: ['alice', 'bob'] } });
  const slash = async (user: string, name: string, subcommand: string, options = {}) => {
    const interaction = await h.fake.slash({ user, name, subcommand, options });
    await interaction.response();
    return interaction;
  };
  const owner = h.fake.guild.ownerId;
  await slash(owner, 'interview-admin', 'setup', {
    channel: 'interviews',
    day: 'friday',
    time: '18:00',
    timezone: 'Europe/Paris',
    cadence: 'weekly',
  });
  for (const name of ['alice', 'bob']) await slash(h.fake.member(name).id, 'interview', 'join');
  await (await slash(owner, 'interview-admin', 'pair-now')).waitForOriginal((m) => m.content !== '', 15_000);
  const [group] = await listMemberGroups(h.bot.database.db, h.fake.guild.id, h.fake.member('alice').id, 1);
  groupId = group!.groupId;
  intro = h.fake.messagesIn(group!.threadId!)[0]!;
  const [first, second] = (await listGroupMembers(h.bot.database.db, groupId)).sort(
    (a, b) => a.position - b.position,
  );
  giver = h.fake.member(first!.userId);
  candidate = h.fake.member(second!.userId);
});
afterEach(async () => {
  await h.close();
});

async function giveFeedback(): Promise<string> {
  const open = await h.fake.clickButton({
    user: giver.id,
    message: intro,
    customId: `interview:v1:feedback:${groupId}`,
  });
  await open.response();
  const submit = await h.fake.submitModal({
    from: open,
    user: giver.id,
    values: { ratings: '4 4 4 4', strength: 'Clear', improve: 'Numbers' },
  });
  await submit.response();
  return (await submit.waitForOriginal((m) => m.content.includes('Feedback saved'), 15_000)).content;
}

const feedbackDms = () =>
  h.fake.dmsTo(candidate.id).filter((m) => visibleText(m).includes('Mock-interview feedback'));
const stored = async () => getFeedback(h.bot.database.db, groupId, giver.id, candidate.id);

describe('a feedback DM that fails', () => {
  it('for a moment: the giver is told it will be retried, and the interview job delivers it once', async () => {
    h.fake.failNext({ method: 'POST', route: '/users/@me/channels', status: 500, count: 20 });
    expect(await giveFeedback()).toMatch(/try the DM again/);
    expect(feedbackDms()).toEqual([]);
    expect((await stored())?.deliveredVia).toBeNull();
    h.fake.clearFaults();
    const clock = h.clock as ManualClock;
    clock.set(clock.now().getTime() + 2 * 60_000);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.tick();
    expect(feedbackDms()).toHaveLength(1);
    expect((await stored())?.deliveredVia).toBe('dm');
  });

  it('on closed DMs: says so', async () => {
    h.fake.closeDms(candidate.id);
    expect(await giveFeedback()).toMatch(/Their DMs are closed/);
    expect((await stored())?.deliveredVia).toBe('none');
  });

  it('because the candidate left the server: says so, not "DMs closed"', async () => {
    h.fake.closeDms(candidate.id);
    h.fake.removeMember(candidate);
    expect(await giveFeedback()).toMatch(/no longer in this server/);
  });
});

describe('feedback owed without a work item', () => {
  it('(saved before the work engine existed, or by a process that died before recording the item) is delivered once by the interview job', async () => {
    h.fake.failNext({ method: 'POST', route: '/users/@me/channels', status: 500, count: 20 });
    expect(await giveFeedback()).toMatch(/try the DM again/);
    // What a database from before the engine holds: the feedback, undelivered, and no work to deliver it.
    await h.bot.database.db.deleteFrom('work_item').where('kind', '=', 'interview.feedback').execute();
    h.fake.clearFaults();
    const clock = h.clock as ManualClock;
    clock.set(clock.now().getTime() + 2 * 60_000);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.tick();
    expect(feedbackDms()).toHaveLength(1);
    expect(visibleText(feedbackDms()[0]!)).toContain('Numbers');
    expect((await stored())?.deliveredVia).toBe('dm');
    clock.set(clock.now().getTime() + 2 * 60_000);
    await h.bot.scheduler.tick();
    expect(feedbackDms()).toHaveLength(1);
  });
});
