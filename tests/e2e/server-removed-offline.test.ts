import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { findGuild } from '../../src/db/repositories/guilds.js';
import { applyStepAction, listStepProgress } from '../../src/db/repositories/progress.js';
import { DAY_MS } from '../../src/domain/time/duration.js';
import { startFakeDiscord, type FakeDiscord } from '../../fake-discord/index.js';
import { startHarness, type Harness } from '../support/harness.js';

/**
 * Discord sends no event to a bot that is offline when a server removes it. On the next start READY lists
 * only the servers it is still in; the one missing is marked as left then, and its data deleted 30 days on.
 */
let fake: FakeDiscord | undefined;
let h: Harness | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await fake?.close();
  fake = undefined;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

describe('a server that removed the bot while it was offline', () => {
  it('is marked as left at the next start and its data deleted 30 days later; the other server keeps its data', async () => {
    fake = await startFakeDiscord({
      guilds: [
        { name: 'Stays', members: ['alice'] },
        { name: 'Removes us', members: ['bob'] },
      ],
    });
    const [stays, removes] = fake.guilds as [(typeof fake.guilds)[0], (typeof fake.guilds)[0]];
    const clock = new ManualClock(Date.parse('2026-11-16T12:00:00Z'));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-offline-'));
    const alice = { guildId: stays.id, userId: fake.member('alice', stays.id).id };
    const bob = { guildId: removes.id, userId: fake.member('bob', removes.id).id };

    h = await startHarness({ existingFake: fake, dataDir, clock });
    await applyStepAction(h.bot.database.db, alice, 'git', 'done', clock.now());
    await applyStepAction(h.bot.database.db, bob, 'git', 'done', clock.now());
    expect((await findGuild(h.bot.database.db, removes.id))?.left_at).toBeNull();
    await h.close();
    h = undefined;

    // While the bot is down, the second server removes it.
    clock.advance(DAY_MS);
    fake.removeBotFromGuild(removes.id);
    const restartedAt = clock.now().getTime();

    h = await startHarness({ existingFake: fake, dataDir, clock });
    const db = h.bot.database.db;
    expect((await findGuild(db, removes.id))?.left_at).toBe(restartedAt);
    expect((await findGuild(db, stays.id))?.left_at).toBeNull();

    clock.advance(29 * DAY_MS);
    await h.bot.scheduler.tick();
    expect(await listStepProgress(db, bob)).toHaveLength(1);

    clock.advance(2 * DAY_MS);
    await h.bot.scheduler.tick();
    expect(await listStepProgress(db, bob)).toEqual([]);
    expect(await findGuild(db, removes.id)).toBeUndefined();
    expect(await listStepProgress(db, alice)).toHaveLength(1);
  });
});
