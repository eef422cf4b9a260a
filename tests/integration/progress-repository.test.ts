import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import {
  applyStepAction,
  getProfile,
  listCompletedBetween,
  listStepProgress,
  updateProfile,
} from '../../src/db/repositories/progress.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

let test: TestDatabase;
let handle: DatabaseHandle;
const alice = { guildId: '111111111111111111', userId: '222222222222222222' };
const aliceElsewhere = { guildId: '333333333333333333', userId: alice.userId };

beforeEach(async () => {
  test = await openTestDatabase();
  handle = test.handle;
  await migrateToLatest(handle.db);
});

afterEach(async () => {
  await test.close();
});

describe('progress repository', () => {
  it('keeps one row per step and per server, and repeated presses change nothing', async () => {
    expect((await applyStepAction(handle.db, alice, 'git', 'in_progress', new Date(1000))).changed).toBe(
      true,
    );
    expect((await applyStepAction(handle.db, alice, 'git', 'in_progress', new Date(2000))).changed).toBe(
      false,
    );
    await applyStepAction(handle.db, alice, 'git', 'done', new Date(3000), 'https://github.com/a/b');
    await applyStepAction(handle.db, aliceElsewhere, 'git', 'skip', new Date(3000));
    const rows = await listStepProgress(handle.db, alice);
    expect(rows).toEqual([
      {
        guild_id: alice.guildId,
        user_id: alice.userId,
        step_id: 'git',
        status: 'done',
        proof_url: 'https://github.com/a/b',
        started_at: 1000,
        updated_at: 3000,
        completed_at: 3000,
      },
    ]);
    expect((await listStepProgress(handle.db, aliceElsewhere)).map((r) => r.status)).toEqual(['skipped']);
  });

  it('reset removes the row', async () => {
    await applyStepAction(handle.db, alice, 'git', 'done', new Date(1000));
    expect((await applyStepAction(handle.db, alice, 'git', 'reset', new Date(2000))).state).toBeUndefined();
    expect(await listStepProgress(handle.db, alice)).toEqual([]);
  });

  it('lists steps completed in a time window, oldest first', async () => {
    await applyStepAction(handle.db, alice, 'a', 'done', new Date(500));
    await applyStepAction(handle.db, alice, 'b', 'done', new Date(1500));
    await applyStepAction(handle.db, alice, 'c', 'done', new Date(1200));
    await applyStepAction(handle.db, alice, 'd', 'in_progress', new Date(1300));
    expect(await listCompletedBetween(handle.db, alice, new Date(1000), new Date(2000))).toEqual(['c', 'b']);
  });

  it('profiles are private by default and keep the other field when one changes', async () => {
    expect(await getProfile(handle.db, alice)).toEqual({ track: null, shareProgress: false });
    await updateProfile(handle.db, alice, { track: 'python' }, new Date(1));
    expect(await updateProfile(handle.db, alice, { shareProgress: true }, new Date(2))).toEqual({
      track: 'python',
      shareProgress: true,
    });
    expect(await getProfile(handle.db, aliceElsewhere)).toEqual({ track: null, shareProgress: false });
  });
});
