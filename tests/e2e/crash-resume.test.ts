import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { joinCheckins, listDeliveries, saveCheckinConfig } from '../../src/db/repositories/checkins.js';
import { saveInterviewConfig, saveInterviewMember } from '../../src/db/repositories/interviews.js';
import { roundWindow } from '../../src/domain/checkins/schedule.js';
import { weekdayFromNumber } from '../../src/domain/time/weekday.js';
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.js';
import { runBotProcess, type BotProcess } from '../support/bot-process.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const MEMBERS = 24;

/**
 * A migrated database and a weekly schedule whose round opened at 00:00 UTC today, in real time: the bot
 * runs as its own process here, so the clock cannot be moved.
 */
async function migratedWithScheduleToday(file: string) {
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

/** A server whose weekly round opened at 00:00 UTC today (real time: the bot runs as its own process). */
async function prepare(fake: FakeDiscord, file: string) {
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

function start(fake: FakeDiscord, file: string): BotProcess {
  const bot = runBotProcess({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_PATH: file,
    LOG_LEVEL: 'info',
  });
  cleanups.push(() => bot.kill());
  return bot;
}

const promptsTo = (fake: FakeDiscord, userId: string) =>
  fake.dmsTo(userId).filter((m) => JSON.stringify(m.embeds).includes('Weekly check-in'));

describe('a crash in the middle of a check-in round', () => {
  it('SIGKILL mid-round, then a restart: every member gets the prompt exactly once', async () => {
    const fake = await startFakeDiscord({ memberCount: MEMBERS });
    cleanups.push(() => fake.close());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-crash-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'bot.sqlite');
    const roundKey = await prepare(fake, file);

    // Slow sends down so the kill lands while the round is under way.
    // The delay comes after the fake has created each message, so some sends are on Discord's side but
    // not yet recorded as sent when the process dies: the case the nonce exists for.
    fake.delayNext({
      method: 'POST',
      route: '/channels/:id/messages',
      count: 1000,
      ms: 120,
      afterHandling: true,
    });
    const first = start(fake, file);
    await fake.waitFor(
      () =>
        fake.allMessages().filter((m) => m.channel_id !== fake.guild.channels[0]!.id).length >= 12
          ? true
          : undefined,
      'twelve prompts',
      30_000,
    );
    first.kill('SIGKILL');
    await first.exit;

    const handle = openDatabase(file);
    const midway = await listDeliveries(handle.db, fake.guild.id, roundKey, 'prompt');
    await handle.close();
    expect(midway).toHaveLength(MEMBERS); // every delivery was recorded before sending began
    const unfinished = midway.filter((d) => d.state !== 'sent').length;
    expect(unfinished).toBeGreaterThan(0);
    expect(unfinished).toBeLessThan(MEMBERS);

    fake.clearFaults();
    const second = start(fake, file);
    await fake.waitFor(
      () => (fake.guild.members.every((m) => promptsTo(fake, m.id).length >= 1) ? true : undefined),
      'a prompt for every member',
      30_000,
    );
    await second.waitForOutput(/"phase":"open"/);
    // Give a duplicate, if any were coming, the time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const member of fake.guild.members)
      expect(promptsTo(fake, member.id), member.username).toHaveLength(1);

    second.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    const after = openDatabase(file);
    const final = await listDeliveries(after.db, fake.guild.id, roundKey, 'prompt');
    await after.close();
    expect(final.map((d) => d.state)).toEqual(Array(MEMBERS).fill('sent'));
  });
});

/** A server whose weekly interview cycle opened at 00:00 UTC today, with everyone in the pool. */
async function prepareInterviews(fake: FakeDiscord, file: string): Promise<void> {
  const { handle, now, schedule } = await migratedWithScheduleToday(file);
  const key = roundWindow(schedule, now).key;
  const interviews = fake.guild.channels.find((c) => c.name === 'interviews') ?? fake.guild.channels[0]!;
  await saveInterviewConfig(handle.db, {
    guild_id: fake.guild.id,
    channel_id: interviews.id,
    weekday: schedule.weekday,
    time: schedule.time,
    timezone: schedule.timezone,
    cadence: 'weekly',
    anchor_key: key,
    active_since: 0,
    updated_at: 0,
    updated_by: fake.guild.ownerId,
  });
  for (const member of fake.guild.members) {
    await saveInterviewMember(handle.db, {
      guild_id: fake.guild.id,
      user_id: member.id,
      focus: null,
      level: null,
      timezone: null,
      active: 1,
      joined_at: 0,
      left_at: null,
      removed_reason: null,
      skip_next: 0,
    });
  }
  await handle.close();
}

describe('a crash in the middle of a pairing round', () => {
  it('SIGKILL while threads are being created, then a restart: no duplicate thread, everyone in exactly one', async () => {
    const fake = await startFakeDiscord({ memberCount: 16 });
    cleanups.push(() => fake.close());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-crash-pairs-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'bot.sqlite');
    await prepareInterviews(fake, file);

    // Threads are created on Discord's side before the answer is delayed: the kill can land in between.
    fake.delayNext({
      method: 'POST',
      route: '/channels/:id/threads',
      count: 1000,
      ms: 150,
      afterHandling: true,
    });
    const first = start(fake, file);
    await fake.waitFor(() => (fake.threads.length >= 3 ? true : undefined), 'three threads', 30_000);
    first.kill('SIGKILL');
    await first.exit;
    const threadsAtCrash = fake.threads.length;
    expect(threadsAtCrash).toBeLessThan(8);

    fake.clearFaults();
    const second = start(fake, file);
    const everyoneIn = () =>
      fake.guild.members.every((m) => fake.threads.some((t) => fake.threadMembers(t.id).includes(m.id)));
    await fake.waitFor(() => (everyoneIn() ? true : undefined), 'every member in a thread', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(fake.threads).toHaveLength(8);
    for (const member of fake.guild.members) {
      expect(
        fake.threads.filter((t) => fake.threadMembers(t.id).includes(member.id)),
        member.username,
      ).toHaveLength(1);
    }
    for (const thread of fake.threads) {
      expect(
        fake.messagesIn(thread.id).filter((m) => m.author.id === fake.botUser.id && m.components.length > 0),
      ).toHaveLength(1);
    }
    second.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  });
});
