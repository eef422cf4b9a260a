// A weekly check-in round for 2,000 members against the fake Discord with Discord's global limit of
// 50 requests per second emulated: how close does the round get to the fastest it could possibly be?
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBot } from '../src/bot.js';
import { ManualClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import { joinCheckins, saveCheckinConfig } from '../src/db/repositories/checkins.js';
import { createLogger } from '../src/logger.js';
import { openRound } from '../src/scheduler/checkin-rounds.js';
import { currentRound } from '../src/services/checkins.js';
import { startFakeDiscord } from '../tests/fake-discord/index.js';

export interface CheckinRoundFigures {
  members: number;
  requests: number;
  elapsedS: number;
  lowerBoundS: number;
  ratio: number;
  rateLimited: number;
  sent: number;
}

export async function benchCheckinRound(members = 2000, globalPerSecond = 50): Promise<CheckinRoundFigures> {
  const fake = await startFakeDiscord({
    memberCount: members,
    // Only the global limit is under test; per-route buckets (one per DM channel) never bind here.
    rateLimit: { globalPerSecond, perRoute: { limit: 10_000, windowMs: 1000 } },
    enforceDeadline: false,
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-round-'));
  const clock = new ManualClock(Date.parse('2026-11-16T08:05:00Z'));
  const bot = await startBot({
    config: parseConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: fake.guild.id,
      DATABASE_PATH: path.join(dir, 'bench.sqlite'),
      LOG_LEVEL: 'silent',
    }),
    logger: createLogger('silent'),
    clock,
    startTimers: false,
  });
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
      for (const member of fake.guild.members.slice(0, members))
        await joinCheckins(trx, guildId, member.id, clock.now());
    });
    fake.resetCounters();
    const before = fake.requests.length;
    const started = performance.now();
    const { config, window } = await currentRound(bot.context, guildId, clock.now());
    const report = await openRound(bot.context, config, window, clock.now());
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
    await bot.stop('bench finished');
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const members = Number(process.argv[2] ?? 2000);
  const figures = await benchCheckinRound(members);
  console.table([figures]);
}
