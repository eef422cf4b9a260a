import { RESTEvents, type RateLimitData } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { joinCheckins, saveCheckinConfig } from '../../src/db/repositories/checkins.js';
import { startHarness, visibleText, type Harness } from '../support/harness.js';

/**
 * A round runs at the bot's global limit for as long as it lasts (a minute or more for a large server).
 * @discordjs/rest spends that limit on every request of an instance, interaction follow-ups and edits
 * included, although Discord does not count those; so scheduled sends go through a REST client of their own
 * and a member's deferred answer never waits for a slot behind the round.
 */
const MEMBERS = 20;
/** Low, so the round (a DM-open and a prompt per member) is held by the limit for several seconds. */
const GLOBAL_PER_SECOND = 5;

const INTERACTION_ROUTE = /^\/(interactions|webhooks)\//;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const prompted = (harness: Harness) =>
  harness.fake.allMessages().filter((m) => visibleText(m).includes('Weekly check-in')).length;

describe('interaction answers during a round', () => {
  it('a deferred answer is edited while the round is held by the global limit, without waiting on it', async () => {
    const harness = await startHarness({
      fake: { memberCount: MEMBERS },
      env: { DISCORD_GLOBAL_RATE_LIMIT: String(GLOBAL_PER_SECOND) },
    });
    h = harness;
    const { fake } = harness;
    const now = harness.clock.now();
    const db = harness.bot.database.db;
    await saveCheckinConfig(db, {
      guild_id: fake.guild.id,
      channel_id: fake.guild.channels[0]!.id,
      weekday: 'monday',
      time: '09:00',
      timezone: 'UTC',
      reminder_lead_hours: 24,
      delivery: 'dm',
      active_since: now.getTime(),
      updated_at: now.getTime(),
      updated_by: fake.guild.ownerId,
    });
    for (const member of fake.guild.members) await joinCheckins(db, fake.guild.id, member.id, now);
    // Every time the gateway client's REST held a request back for a rate limit (the edit is its only one
    // that counts against the global limit there).
    const held: RateLimitData[] = [];
    harness.bot.client.rest.on(RESTEvents.RateLimited, (data) => held.push(data));

    const sendNow = await fake.slash({
      user: fake.guild.ownerId,
      name: 'checkin-admin',
      subcommand: 'send-now',
    });
    await sendNow.response();
    await fake.waitFor(() => (prompted(harness) >= 2 ? true : undefined), 'the round under way', 20_000);

    const member = fake.guild.members.find((m) => m.id !== fake.guild.ownerId)!;
    const progress = await fake.slash({ user: member.id, name: 'progress', options: { chart: true } });
    await progress.response();
    expect(progress.callback()?.type).toBe(5);
    const edited = await progress.waitForOriginal((m) => m.attachments.length > 0, 20_000);
    expect(edited.content).not.toBe('');
    // The round was still being held by the limit when the answer went out…
    expect(prompted(harness)).toBeLessThan(MEMBERS);

    await fake.waitFor(() => (prompted(harness) >= MEMBERS ? true : undefined), 'every prompt', 60_000);
    const report = await sendNow.waitForOriginal((m) => m.content !== '', 60_000);
    expect(report.content).toContain('check-in is out');
    expect(prompted(harness)).toBe(MEMBERS);
    // …and no interaction answer (callback, edit or follow-up) waited on the global limit.
    expect(held.filter((data) => INTERACTION_ROUTE.test(data.route))).toEqual([]);
  }, 90_000);
});
