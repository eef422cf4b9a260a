import type { Insertable, Selectable, Updateable } from 'kysely';

export interface MemberProfileTable {
  guild_id: string;
  user_id: string;
  track: string | null;
  /** 0 or 1: others may see this member's /progress. Private by default. */
  share_progress: number;
  created_at: number;
  updated_at: number;
}

export type StepStatus = 'in_progress' | 'done' | 'skipped';

export interface StepProgressTable {
  guild_id: string;
  user_id: string;
  step_id: string;
  status: StepStatus;
  proof_url: string | null;
  started_at: number;
  updated_at: number;
  completed_at: number | null;
}

export type MemberProfileRow = Selectable<MemberProfileTable>;
export type StepProgressRow = Selectable<StepProgressTable>;
export type NewStepProgressRow = Insertable<StepProgressTable>;
export type StepProgressUpdate = Updateable<StepProgressTable>;
