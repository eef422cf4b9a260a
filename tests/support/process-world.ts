import { expect } from 'vitest';
import { saveInterviewConfig } from '../../src/db/repositories/interviews/config.js';
import { saveInterviewMember } from '../../src/db/repositories/interviews/members.js';
import { roundWindow } from '../../src/domain/checkins/schedule.js';
import type { FakeDiscord } from '../../fake-discord/index.js';
import {
  isCheckinPrompt,
  openMigrated,
  scheduleOpenedToday,
  seedCheckinsToday,
} from '../../launch/checkins-today.js';

/**
 * Worlds for tests that run the bot as its own process (launch/process.ts): its clock is the real one, so
 * rounds are set up to have opened at 00:00 UTC today instead of moving a clock.
 */

/** A migrated database and a weekly schedule whose round opened at 00:00 UTC today, in real time. */
export async function migratedWithScheduleToday(file: string) {
  const handle = await openMigrated({ DATABASE_PATH: file });
  const now = new Date();
  return { handle, now, schedule: scheduleOpenedToday(now) };
}

/** Check-ins by DM whose weekly round opened at 00:00 UTC today, every member joined. Returns the round key. */
export function prepareCheckinsToday(fake: FakeDiscord, file: string): Promise<string> {
  return seedCheckinsToday({ DATABASE_PATH: file }, [fake.guild], 'always');
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
