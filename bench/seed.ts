import { performance } from 'node:perf_hooks';
import type { Insertable } from 'kysely';
import { openDatabase } from '../src/db/connection.js';
import type { MemberProfileTable, NewStepProgressRow, StepStatus } from '../src/db/tables/roadmap.js';
import { mulberry32 } from './random.js';

export interface SeedOptions {
  databasePath: string;
  guildId: string;
  userIds: readonly string[];
  /** Every step id in roadmap order. */
  stepIds: readonly string[];
  stepsPerMember: number;
  trackIds: readonly string[];
  now: number;
}

export interface SeedResult {
  rows: number;
  profiles: number;
  ms: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Bulk insert in one transaction into a migrated database, while no bot has it open: 50,000 rows through
 * the repository (one transaction each) would take longer than the whole benchmark.
 */
export function seedProgress(options: SeedOptions): SeedResult {
  const started = performance.now();
  const handle = openDatabase(options.databasePath);
  const random = mulberry32(7);
  try {
    const insertStep = handle.sqlite.prepare<[NewStepProgressRow]>(
      `insert into step_progress (guild_id, user_id, step_id, status, proof_url, started_at, updated_at, completed_at)
       values (@guild_id, @user_id, @step_id, @status, @proof_url, @started_at, @updated_at, @completed_at)`,
    );
    const insertProfile = handle.sqlite.prepare<[Insertable<MemberProfileTable>]>(
      `insert into member_profile (guild_id, user_id, track, share_progress, created_at, updated_at)
       values (@guild_id, @user_id, @track, @share_progress, @created_at, @updated_at)`,
    );
    const count = Math.min(options.stepsPerMember, options.stepIds.length);
    let rows = 0;
    const insertAll = handle.sqlite.transaction(() => {
      options.userIds.forEach((userId, memberIndex) => {
        insertProfile.run({
          guild_id: options.guildId,
          user_id: userId,
          track: options.trackIds[memberIndex % options.trackIds.length] ?? null,
          share_progress: memberIndex % 4 === 0 ? 1 : 0,
          created_at: options.now - 200 * DAY_MS,
          updated_at: options.now - 10 * DAY_MS,
        });
        // A window of the roadmap per member, so every step is someone's done, skipped or in-progress one.
        const offset = memberIndex % options.stepIds.length;
        for (let i = 0; i < count; i += 1) {
          const stepId = options.stepIds[(offset + i) % options.stepIds.length];
          if (stepId === undefined) continue;
          const status: StepStatus = i < count - 7 ? 'done' : i < count - 3 ? 'skipped' : 'in_progress';
          const startedAt = options.now - Math.floor((180 - i * 6) * DAY_MS * (0.5 + random()));
          const updatedAt = startedAt + Math.floor(random() * 5 * DAY_MS);
          insertStep.run({
            guild_id: options.guildId,
            user_id: userId,
            step_id: stepId,
            status,
            proof_url:
              status === 'done' && i % 3 === 0 ? `https://github.com/member${memberIndex}/${stepId}` : null,
            started_at: startedAt,
            updated_at: updatedAt,
            completed_at: status === 'done' ? updatedAt : null,
          });
          rows += 1;
        }
      });
    });
    insertAll();
    handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return { rows, profiles: options.userIds.length, ms: performance.now() - started };
  } finally {
    handle.sqlite.close();
  }
}
