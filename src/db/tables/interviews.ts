import type { Generated, Insertable, Selectable } from 'kysely';
import type { Level } from '../../domain/interviews/pairing-types.js';
import type {
  AddState,
  DeliveredVia,
  FollowUpState,
  GroupState,
  InterviewCadence,
  RemovedReason,
  ReportOutcome,
} from '../../domain/interviews/types.js';

export interface InterviewConfigTable {
  guild_id: string;
  channel_id: string;
  weekday: string;
  time: string;
  timezone: string;
  cadence: InterviewCadence;
  anchor_key: string;
  active_since: number;
  updated_at: number;
  updated_by: string;
}

export interface InterviewMemberTable {
  guild_id: string;
  user_id: string;
  focus: string | null;
  level: Level | null;
  timezone: string | null;
  active: number;
  joined_at: number;
  left_at: number | null;
  removed_reason: RemovedReason | null;
  skip_next: number;
}

export interface InterviewRoundTable {
  id: Generated<number>;
  guild_id: string;
  round_key: string;
  channel_id: string;
  seed: number;
  opens_at: number;
  follow_up_at: number;
  closes_at: number;
  created_at: number;
  sat_out_user_id: string | null;
  skipped_count: number;
  paired_at: number | null;
  reported_at: number | null;
  followed_up_at: number | null;
  closed_at: number | null;
}

export interface InterviewGroupTable {
  id: Generated<number>;
  round_id: number;
  guild_id: string;
  position: number;
  state: GroupState;
  thread_id: string | null;
  message_id: string | null;
  error: string | null;
  follow_up_state: FollowUpState | null;
  updated_at: number;
}

export interface InterviewGroupMemberTable {
  group_id: number;
  round_id: number;
  guild_id: string;
  user_id: string;
  position: number;
  /** JSON array of question ids this member answers as the candidate. */
  question_ids: string;
  add_state: AddState;
  add_error: string | null;
}

/**
 * Who interviews whom in a group, written with the group: the rotation is never recomputed from the
 * members left, so a member deleting their data mid-round removes their own pairs and re-targets nobody.
 */
export interface InterviewPairTable {
  group_id: number;
  round_id: number;
  guild_id: string;
  interviewer_id: string;
  candidate_id: string;
}

export interface InterviewAskedQuestionTable {
  guild_id: string;
  user_id: string;
  question_id: string;
  round_id: number;
}

export interface InterviewReportTable {
  group_id: number;
  guild_id: string;
  user_id: string;
  outcome: ReportOutcome;
  updated_at: number;
}

export interface InterviewFeedbackTable {
  group_id: number;
  round_id: number;
  guild_id: string;
  giver_id: string;
  candidate_id: string;
  situation: number;
  task: number;
  action: number;
  result: number;
  strength: string;
  improve: string;
  delivered_via: DeliveredVia | null;
  created_at: number;
  updated_at: number;
}

export type InterviewConfigRow = Selectable<InterviewConfigTable>;
export type InterviewMemberRow = Selectable<InterviewMemberTable>;
export type InterviewRoundRow = Selectable<InterviewRoundTable>;
export type NewInterviewRound = Insertable<InterviewRoundTable>;
export type InterviewGroupRow = Selectable<InterviewGroupTable>;
export type InterviewGroupMemberRow = Selectable<InterviewGroupMemberTable>;
export type InterviewReportRow = Selectable<InterviewReportTable>;
export type InterviewFeedbackRow = Selectable<InterviewFeedbackTable>;
