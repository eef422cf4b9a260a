// Issue 12, "SIGTERM during a 2,000-member round: exit 0 within 10 s, nothing lost, nothing doubled after
// restart": SIGTERM once 200 prompts are out; exit code 0 within docker stop's 10 s; nothing left in doubt
// (no delivery still "sending", every recorded send is on Discord and no more); a restart finishes the
// round with every member prompted exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { listDeliveries } from '../../src/db/repositories/checkin-rounds.js';
import { isCheckinPrompt } from '../../launch/checkins-today.js';
import { processWorld, startBotProcess, type Cleanups } from '../../launch/process.js';
import { prepareCheckinsToday } from '../support/process-world.js';

const cleanups: Cleanups = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const MEMBERS = 2_000;
/** docker stop sends SIGTERM, then SIGKILL 10 s later. */
const DOCKER_STOP_GRACE_MS = 10_000;

describe('shutdown fits docker stop', () => {
  it('SIGTERM during a 2,000-member round: exit 0 within 10 s, then a restart finishes it, nobody lost or prompted twice', async () => {
    const { fake, file } = await processWorld(cleanups, { memberCount: MEMBERS }, 'stepwise-sigterm-');
    const roundKey = await prepareCheckinsToday(fake, file);
    // A bot with a raised global limit (as Discord grants large bots), so the whole round fits in the test.
    const env = { DISCORD_GLOBAL_RATE_LIMIT: '500' };

    const first = startBotProcess(cleanups, fake, file, env);
    await fake.waitFor(
      () => (fake.allMessages().filter(isCheckinPrompt).length >= 200 ? true : undefined),
      '200 prompts',
      60_000,
    );
    const signalledAt = Date.now();
    first.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(DOCKER_STOP_GRACE_MS);
    expect(first.output()).toMatch(/"msg":"stopped"/);

    const handle = openDatabase(file);
    const atStop = await listDeliveries(handle.db, fake.guild.id, roundKey, 'prompt');
    await handle.close();
    const sentAtStop = atStop.filter((d) => d.state === 'sent').length;
    // The round was under way, and what was in flight finished and was recorded: nothing is left in doubt.
    expect(sentAtStop).toBeLessThan(MEMBERS);
    expect(atStop.filter((d) => d.state === 'sending')).toEqual([]);
    expect(fake.allMessages().filter(isCheckinPrompt)).toHaveLength(sentAtStop);

    const second = startBotProcess(cleanups, fake, file, env);
    await fake.waitFor(
      () => (fake.allMessages().filter(isCheckinPrompt).length >= MEMBERS ? true : undefined),
      'a prompt for every member',
      // 6,000 requests: about 15 s alone, several times that on a machine busy with the rest of the suite.
      180_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const perMember = new Map<string, number>();
    for (const message of fake.allMessages().filter(isCheckinPrompt)) {
      const channel = fake.channel(message.channel_id);
      const recipient = channel.recipientId ?? channel.id;
      perMember.set(recipient, (perMember.get(recipient) ?? 0) + 1);
    }
    expect(perMember.size).toBe(MEMBERS);
    expect([...perMember.values()].every((count) => count === 1)).toBe(true);
    second.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  }, 300_000);
});
