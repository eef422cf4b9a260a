import { afterEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { listDeliveries } from '../../src/db/repositories/checkin-rounds.js';
import type { FakeMember } from '../../fake-discord/index.js';
import { customIds, startHarness, visibleText, type Harness } from '../support/harness.js';

const MONDAY_0900_UTC = Date.parse('2026-11-16T09:00:00Z');
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('faults during a check-in round', () => {
  it('the gateway drops mid-round: the round finishes over REST, and a press made while disconnected is answered after the resume', async () => {
    h = await startHarness({ fake: { memberCount: 12 } });
    const harness = h;
    const clock = harness.clock as ManualClock;
    clock.set(MONDAY_0900_UTC - 3 * 24 * 3600_000);
    const owner = harness.fake.guild.owner;
    const setup = await harness.fake.slash({
      user: owner.id,
      name: 'checkin-admin',
      subcommand: 'setup',
      options: {
        channel: { channel: harness.fake.guild.channels[0]!.id },
        day: 'monday',
        time: '09:00',
        timezone: 'UTC',
      },
    });
    await setup.response();
    const members: FakeMember[] = harness.fake.guild.members;
    for (const member of members) {
      const join = await harness.fake.slash({ user: member.id, name: 'checkin', subcommand: 'join' });
      await join.waitForOriginal((m) => m.content.includes('joined'));
    }

    harness.fake.delayNext({ method: 'POST', route: '/channels/:id/messages', count: 100, ms: 40 });
    clock.set(MONDAY_0900_UTC + 60_000);
    const round = harness.bot.scheduler.tick();
    await harness.fake.waitFor(
      () =>
        harness.fake.requests.filter((r) => r.path.endsWith('/messages') && r.method === 'POST').length > 16
          ? true
          : undefined,
      'round under way',
    );
    const resumesBefore = harness.fake.stats.resumes;
    harness.fake.dropGateway();
    // While the bot is disconnected, a member who already has their prompt presses "Check in". Discord
    // holds that event for the session and replays it on RESUME: the bot must answer it then. A bot that
    // lost its session (a fresh IDENTIFY) or dropped events received after a reconnect never would.
    const early = members.find((m) => harness.fake.dmsTo(m.id).some((d) => customIds(d).length > 0))!;
    const prompt = harness.fake.dmsTo(early.id).find((d) => customIds(d).length > 0)!;
    const pressed = await harness.fake.clickButton({
      user: early.id,
      message: prompt,
      customId: customIds(prompt)[0]!,
    });
    expect(harness.fake.stats.resumes).toBe(resumesBefore);
    await round;
    await harness.fake.waitFor(
      () => (harness.fake.stats.resumes > resumesBefore ? true : undefined),
      'a resume',
      10_000,
    );
    expect((await pressed.response(10_000)).type).toBe(9); // the check-in form, answered after the resume
    expect(harness.fake.stats.identifies).toBe(1);

    const deliveries = await listDeliveries(
      harness.bot.database.db,
      harness.fake.guild.id,
      '2026-11-16',
      'prompt',
    );
    expect(deliveries.map((d) => d.state)).toEqual(Array(members.length).fill('sent'));
    for (const member of members) {
      expect(
        harness.fake.dmsTo(member.id).filter((m) => visibleText(m).includes('Weekly check-in')),
      ).toHaveLength(1);
    }
    const status = await harness.fake.slash({ user: members[0]!.id, name: 'checkin', subcommand: 'status' });
    expect((await status.response()).type).toBe(4);
  });
});
