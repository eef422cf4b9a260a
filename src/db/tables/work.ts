import type { Selectable } from 'kysely';

export type WorkState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * One unit of scheduled or fan-out work (src/scheduler/work-engine.ts). `next_attempt_at` is on the
 * scheduling clock (tests and the playground move it); `lease_expires_at` is real time. Times are epoch ms.
 */
export interface WorkItemTable {
  key: string;
  kind: string;
  guild_id: string;
  user_id: string | null;
  /** JSON, checked by the kind's zod schema when it runs. */
  payload: string;
  state: WorkState;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  /** JSON of what the work produced (a message id), once done. */
  result: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export type WorkItemRow = Selectable<WorkItemTable>;
