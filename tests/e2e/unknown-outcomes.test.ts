// Issue 12, "An outage longer than the nonce window (move the clock): no duplicate". The first test: kill -9
// while prompts Discord has created are not yet recorded as sent (checked), then the fake's clock moves 15
// minutes (Discord has forgotten the nonces) and a restart prompts every member exactly once. The second:
// the same for one send whose answer was lost, in process, past the nonce window.
import { afterEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import { openDatabase } from '../../src/db/connection.js';
import { listDeliveries } from '../../src/db/repositories/checkin-rounds.js';
import { MINUTE_MS } from '../../src/domain/time/duration.js';
import { startHarness, visibleText } from '../support/harness.js';
import { isCheckinPrompt } from '../../launch/checkins-today.js';
import { processWorld, startBotProcess, type Cleanups } from '../../launch/process.js';
import { expectEveryMemberPromptedOnce, prepareCheckinsToday, promptsTo } from '../support/process-world.js';

const cleanups: Cleanups = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** Longer than Discord's (and the fake's) nonce window of about five minutes. */
const LONG_OUTAGE_MS = 15 * MINUTE_MS;

describe('a send whose outcome is unknown is resolved, not guessed', () => {
  it('kill -9 with prompts in flight, an outage longer than the nonce window, a restart: nobody gets a second prompt', async () => {
    const MEMBERS = 24;
    const { fake, file } = await processWorld(cleanups, { memberCount: MEMBERS }, 'stepwise-outage-');
    let outage = 0;
    fake.useClock(() => Date.now() + outage);
    const roundKey = await prepareCheckinsToday(fake, file);

    // Discord creates each message, then its answer is slow: the kill lands between the two.
    fake.delayNext({
      method: 'POST',
      route: '/channels/:id/messages',
      count: 1000,
      ms: 400,
      afterHandling: true,
    });
    const first = startBotProcess(cleanups, fake, file, { INSTANCE_LEASE_SECONDS: '2' });
    await fake.waitFor(
      () => (fake.allMessages().filter(isCheckinPrompt).length >= 8 ? true : undefined),
      'eight prompts',
      30_000,
    );
    first.kill('SIGKILL');
    await first.exit;

    const handle = openDatabase(file);
    const atCrash = await listDeliveries(handle.db, fake.guild.id, roundKey, 'prompt');
    await handle.close();
    // The case under test happened: prompts Discord holds that the bot never recorded as sent.
    const unrecorded = atCrash.filter((d) => d.state !== 'sent' && promptsTo(fake, d.userId).length > 0);
    expect(unrecorded.length).toBeGreaterThan(0);

    outage += LONG_OUTAGE_MS;
    fake.clearFaults();
    const second = startBotProcess(cleanups, fake, file, { INSTANCE_LEASE_SECONDS: '2' });
    await expectEveryMemberPromptedOnce(fake);
    second.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  }, 60_000);

  it('Discord created the prompt but the answer was lost; the retry, past the nonce window, finds it instead of sending again', async () => {
    const h = await startHarness({ fake: { members: ['alice', 'bob'] } });
    cleanups.push(() => h.close());
    const clock = h.clock as ManualClock;
    const admin = h.fake.guild.owner;
    const slash = async (user: string, name: string, subcommand: string, options = {}) => {
      const interaction = await h.fake.slash({ user, name, subcommand, options });
      await interaction.response();
      return interaction.waitForOriginal();
    };
    clock.set(Date.parse('2026-11-14T12:00:00Z'));
    await slash(admin.id, 'checkin-admin', 'setup', {
      channel: { channel: h.fake.channel('accountability').id },
      day: 'monday',
      time: '09:00',
      timezone: 'Europe/Paris',
    });
    for (const name of ['alice', 'bob']) await slash(h.fake.member(name).id, 'checkin', 'join');

    const alice = h.fake.member('alice');
    const dm = h.fake.dmChannelOf(alice.id)!;
    h.fake.failNext({
      method: 'POST',
      route: `/channels/${dm.id}/messages`,
      status: 500,
      disconnect: true,
      afterHandling: true,
    });
    clock.set(Date.parse('2026-11-16T08:00:30Z'));
    await h.bot.scheduler.tick();
    expect(promptsTo(h.fake, alice.id)).toHaveLength(1); // Discord has it
    const after = await listDeliveries(h.bot.database.db, h.fake.guild.id, '2026-11-16', 'prompt');
    expect(after.find((d) => d.userId === alice.id)?.state).toBe('pending'); // the bot could not know

    clock.advance(LONG_OUTAGE_MS);
    await h.bot.scheduler.tick();
    expect(promptsTo(h.fake, alice.id)).toHaveLength(1);
    const settled = await listDeliveries(h.bot.database.db, h.fake.guild.id, '2026-11-16', 'prompt');
    expect(settled.find((d) => d.userId === alice.id)).toMatchObject({
      state: 'sent',
      messageId: promptsTo(h.fake, alice.id)[0]!.id,
    });
    expect(visibleText(promptsTo(h.fake, 'bob')[0]!)).toContain('Weekly check-in');
  });
});
