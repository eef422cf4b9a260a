// Issue 12, "send-now right after setup, then kill -9 mid-round and restart: every member prompted exactly
// once": the third test (setup and send-now by slash command in the running process, SIGKILL once 8 of 24
// prompts are out, a restart). The first two: a scheduled check-in round and a pairing round (threads)
// killed mid-way and restarted, nothing doubled. Seeded random kill points over 20 rounds are in
// kill-trials.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { listDeliveries } from '../../src/db/repositories/checkin-rounds.js';
import { joinCheckins } from '../../src/db/repositories/checkins.js';
import { type FakeDiscord } from '../../fake-discord/index.js';
import { isCheckinPrompt } from '../../launch/checkins-today.js';
import { processWorld, startBotProcess, type Cleanups } from '../../launch/process.js';
import {
  migratedWithScheduleToday,
  expectEveryMemberPromptedOnce,
  prepareCheckinsToday,
  prepareInterviewsToday,
  promptsTo,
} from '../support/process-world.js';

const cleanups: Cleanups = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const MEMBERS = 24;

// A restarted process waits for the killed one's lease to run out: keep it short here.
const start = (fake: FakeDiscord, file: string) =>
  startBotProcess(cleanups, fake, file, { INSTANCE_LEASE_SECONDS: '2' });

describe('a crash in the middle of a check-in round', () => {
  it('SIGKILL mid-round, then a restart: every member gets the prompt exactly once', async () => {
    const { fake, file } = await processWorld(cleanups, { memberCount: MEMBERS }, 'stepwise-crash-');
    const roundKey = await prepareCheckinsToday(fake, file);

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
    // Two bot start-ups and a round paced by Discord's per-server member bucket: ~25 s on an idle machine.
  }, 60_000);
});

describe('a crash in the middle of a pairing round', () => {
  it('SIGKILL while threads are being created, then a restart: no duplicate thread, everyone in exactly one', async () => {
    const { fake, file } = await processWorld(cleanups, { memberCount: 16 }, 'stepwise-crash-pairs-');
    await prepareInterviewsToday(fake, file);

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

describe('a crash during a round started by hand right after setup', () => {
  it('setup, 24 members join, send-now, SIGKILL mid-round, restart: every member is prompted exactly once', async () => {
    const { fake, file } = await processWorld(cleanups, { memberCount: MEMBERS }, 'stepwise-send-now-');
    const { handle, now, schedule } = await migratedWithScheduleToday(file);
    for (const member of fake.guild.members) await joinCheckins(handle.db, fake.guild.id, member.id, now);
    await handle.close();

    const first = start(fake, file);
    await first.waitForOutput(/"msg":"instance is active"/);
    await first.waitForOutput(/Stepwise is running/);
    const owner = fake.guild.ownerId;
    // Today's round opened at 00:00 UTC, before this setup: it is started only by send-now.
    const setup = await fake.slash({
      user: owner,
      name: 'checkin-admin',
      subcommand: 'setup',
      options: {
        channel: { channel: fake.guild.channels[0]!.id },
        day: schedule.weekday,
        time: schedule.time,
        timezone: schedule.timezone,
      },
    });
    expect(String((await setup.response()).data?.content)).toMatch(/Weekly check-ins are set/);
    fake.delayNext({
      method: 'POST',
      route: '/channels/:id/messages',
      count: 1000,
      ms: 120,
      afterHandling: true,
    });
    const sendNow = await fake.slash({ user: owner, name: 'checkin-admin', subcommand: 'send-now' });
    await sendNow.response();
    await fake.waitFor(
      () => (fake.allMessages().filter(isCheckinPrompt).length >= 8 ? true : undefined),
      'eight prompts',
      30_000,
    );
    first.kill('SIGKILL');
    await first.exit;
    const promptedBeforeCrash = fake.allMessages().filter(isCheckinPrompt).length;
    expect(promptedBeforeCrash).toBeLessThan(MEMBERS);

    fake.clearFaults();
    const second = start(fake, file);
    await expectEveryMemberPromptedOnce(fake);
    second.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  }, 60_000);
});
