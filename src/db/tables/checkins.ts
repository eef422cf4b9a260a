import type { Selectable } from 'kysely';

import type { DeliveryKind, DeliveryMode, DeliveryState } from '../../domain/checkins/types.js';

export type { DeliveryKind, DeliveryMode, DeliveryState };

export interface CheckinConfigTable {
  guild_id: string;
  channel_id: string;
  weekday: string;
  time: string;
  timezone: string;
  reminder_lead_hours: number;
  delivery: DeliveryMode;
  active_since: number;
  updated_at: number;
  updated_by: string;
}

export interface CheckinMemberTable {
  guild_id: string;
  user_id: string;
  joined_at: number;
  active: number;
  paused_until: number | null;
  dm_channel_id: string | null;
  dm_closed: number;
}

export interface CheckinRoundTable {
  guild_id: string;
  round_key: string;
  opens_at: number;
  remind_at: number;
  closes_at: number;
  channel_id: string;
  opened_at: number | null;
  reminded_at: number | null;
  closed_at: number | null;
}

export interface CheckinDeliveryTable {
  guild_id: string;
  round_key: string;
  user_id: string;
  kind: DeliveryKind;
  state: DeliveryState;
  via: DeliveryMode | null;
  message_id: string | null;
  error: string | null;
  updated_at: number;
}

export interface CheckinAnswerTable {
  guild_id: string;
  round_key: string;
  user_id: string;
  done: string;
  next_goal: string;
  blockers: string | null;
  applications: number | null;
  interviews: number | null;
  created_at: number;
  updated_at: number;
}

export type CheckinConfigRow = Selectable<CheckinConfigTable>;
export type CheckinMemberRow = Selectable<CheckinMemberTable>;
export type CheckinRoundRow = Selectable<CheckinRoundTable>;
export type CheckinDeliveryRow = Selectable<CheckinDeliveryTable>;
export type CheckinAnswerRow = Selectable<CheckinAnswerTable>;
