import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { joinCheckins, saveCheckinConfig } from '../../src/db/repositories/checkins.js';
import { saveInterviewConfig } from '../../src/db/repositories/interviews/config.js';
import { saveInterviewMember } from '../../src/db/repositories/interviews/members.js';
import { roundWindow } from '../../src/domain/checkins/schedule.js';
import { weekdayFromNumber } from '../../src/domain/time/weekday.js';
import type { FakeDiscord, FakeMessage } from '../../fake-discord/index.js';
import { runBotProcess, type BotProcess } from './bot-process.js';

/**
 * Worlds for tests that run the bot as its own process: its clock is the real one, so rounds are set up
 * to have opened at 00:00 UTC today instead of moving a clock.
 */

export type Cleanups = Array<() => Promise<void> | void>;

export function tempDatabase(cleanups: Cleanups, prefix = 'stepwise-process-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'bot.sqlite');
}

/** A migrated database and a weekly schedule whose round opened at 00:00 UTC today, in real time. */
export async function migratedWithScheduleToday(file: string) {
  const handle = openDatabase(file);
  await migrateToLatest(handle.db);
  const now = new Date();
  const schedule = {
    weekday: weekdayFromNumber(((now.getUTCDay() + 6) % 7) + 1),
    time: '00:00',
    timezone: 'UTC',
    reminderLeadHours: 1,
  } as const;
  return { handle, now, schedule };
}

/** Check-ins by DM whose weekly round opened at 00:00 UTC today, every member joined. Returns the round key. */
export async function prepareCheckinsToday(fake: FakeDiscord, file: string): Promise<string> {
  const { handle, now, schedule } = await migratedWithScheduleToday(file);
  await saveCheckinConfig(handle.db, {
    guild_id: fake.guild.id,
    channel_id: fake.guild.channels[0]!.id,
    weekday: schedule.weekday,
    time: schedule.time,
    timezone: schedule.timezone,
    reminder_lead_hours: schedule.reminderLeadHours,
    delivery: 'dm',
    active_since: 0,
    updated_at: 0,
    updated_by: fake.guild.ownerId,
  });
  for (const member of fake.guild.members) await joinCheckins(handle.db, fake.guild.id, member.id, now);
  await handle.close();
  return roundWindow(schedule, now).key;
}

/** A weekly interview cycle that opened at 00:00 UTC today, with every member in the pool. */
export async function prepareInterviewsToday(fake: FakeDiscord, file: string): Promise<void> {
  const { handle, now, schedule } = await migratedWithScheduleToday(file);
  const key = roundWindow(schedule, now).key;
  const interviews = fake.guild.channels.find((c) => c.name === 'interviews') ?? fake.guild.channels[0]!;
  await saveInterviewConfig(handle.db, {
    guildId: fake.guild.id,
    channelId: interviews.id,
    weekday: schedule.weekday,
    time: schedule.time,
    timezone: schedule.timezone,
    cadence: 'weekly',
    anchorKey: key,
    activeSince: 0,
    updatedAt: 0,
    updatedBy: fake.guild.ownerId,
  });
  for (const member of fake.guild.members) {
    await saveInterviewMember(handle.db, {
      guildId: fake.guild.id,
      userId: member.id,
      focus: null,
      level: null,
      timezone: null,
      active: true,
      joinedAt: 0,
      leftAt: null,
      removedReason: null,
      skipNext: false,
    });
  }
  await handle.close();
}

/**
 * The production entry point as its own process against the fake, killed at the end of the test.
 * `compiledEntry`: run the bot compiled once by compileBot (tests that start many processes).
 */
export function startBotProcess(
  cleanups: Cleanups,
  fake: FakeDiscord,
  file: string,
  env: Record<string, string> = {},
  compiledEntry?: string,
): BotProcess {
  const bot = runBotProcess(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: file,
      LOG_LEVEL: 'info',
      ...env,
    },
    compiledEntry,
  );
  cleanups.push(() => bot.kill());
  return bot;
}

export const isCheckinPrompt = (message: FakeMessage) =>
  JSON.stringify(message.embeds).includes('Weekly check-in');

export const promptsTo = (fake: FakeDiscord, userId: string) => fake.dmsTo(userId).filter(isCheckinPrompt);

/** Waits until every member holds a check-in prompt, gives a duplicate time to arrive, then expects one each. */
export async function expectEveryMemberPromptedOnce(fake: FakeDiscord): Promise<void> {
  await fake.waitFor(
    () => (fake.guild.members.every((m) => promptsTo(fake, m.id).length >= 1) ? true : undefined),
    'a prompt for every member',
    30_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const member of fake.guild.members)
    expect(promptsTo(fake, member.id), member.username).toHaveLength(1);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
