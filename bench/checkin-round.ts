// A weekly check-in round for 2,000 members against the fake Discord with Discord's rate limits on: the
// global 50 requests per second and the per-route buckets (5 per 5 s per route and channel). How close does
// the round get to the fastest it could possibly be?
//
// The members' DM channels are already open, as in every week after their first: one request per member.
// (The first week also opens each DM channel, one POST /users/@me/channels each; Discord does not publish
// that route's bucket, so the fake cannot model it faithfully and the bench does not time it.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../src/clock.js';
import { joinCheckins, saveCheckinConfig, updateCheckinMember } from '../src/db/repositories/checkins.js';
import { sendRoundNow } from '../src/services/checkin-rounds.js';
import { launchBot } from '../launch/bot.js';

export interface CheckinRoundFigures {
  members: number;
  requests: number;
  elapsedS: number;
  lowerBoundS: number;
  ratio: number;
  rateLimited: number;
  sent: number;
}

/**
 * `membersIntent`: with the Server Members intent the bot learns departures from the gateway; without it
 * (the default) it asks Discord about each member before their prompt, one GET /guilds/{g}/members/{u} on
 * a single per-server bucket, which then paces the whole round.
 */
export async function benchCheckinRound(
  members = 2000,
  globalPerSecond = 50,
  membersIntent = true,
): Promise<CheckinRoundFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-round-'));
  const clock = new ManualClock(Date.parse('2026-11-16T08:05:00Z'));
  const launched = await launchBot({
    fakeOptions: {
      memberCount: members,
      // Discord's limits as the fake models them: the global one and per-route buckets, both on.
      rateLimit: { globalPerSecond },
      enforceDeadline: false,
    },
    databasePath: path.join(dir, 'bench.sqlite'),
    logLevel: 'silent',
    env: { DISCORD_MEMBERS_INTENT: String(membersIntent) },
    clock,
    startTimers: false,
  });
  const { fake, bot } = launched;
  try {
    const guildId = fake.guild.id;
    const channel = fake.guild.channels.find((c) => c.name === 'accountability') ?? fake.guild.channels[0]!;
    await saveCheckinConfig(bot.database.db, {
      guild_id: guildId,
      channel_id: channel.id,
      weekday: 'monday',
      time: '09:00',
      timezone: 'Europe/Paris',
      reminder_lead_hours: 24,
      delivery: 'dm',
      active_since: 0,
      updated_at: 0,
      updated_by: fake.guild.ownerId,
    });
    await bot.database.db.transaction().execute(async (trx) => {
      for (const member of fake.guild.members.slice(0, members)) {
        await joinCheckins(trx, guildId, member.id, clock.now());
        await updateCheckinMember(trx, guildId, member.id, { dm_channel_id: fake.openDmChannel(member.id) });
      }
    });
    fake.resetCounters();
    const before = fake.requests.length;
    const started = performance.now();
    // Records the round's work and waits (polling) until the engine has settled every prompt.
    const report = await sendRoundNow(bot.context, guildId, clock.now(), 600_000);
    const elapsedS = (performance.now() - started) / 1000;
    const requests = fake.requests.slice(before).filter((r) => r.status !== 429).length;
    const lowerBoundS = requests / globalPerSecond;
    return {
      members,
      requests,
      elapsedS,
      lowerBoundS,
      ratio: elapsedS / lowerBoundS,
      rateLimited: fake.stats.rateLimited,
      sent: report.sent,
    };
  } finally {
    await launched.close('bench finished');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const members = Number(process.argv[2] ?? 2000);
  const withIntent = await benchCheckinRound(members);
  // Without the intent every prompt waits for a member lookup on one bucket: a small round shows the pace.
  const lookups = await benchCheckinRound(Math.min(members, 20), 50, false);
  console.table([
    { 'Server Members intent': 'on', ...withIntent },
    { 'Server Members intent': 'off (member lookups)', ...lookups },
  ]);
}
