import type { Selectable } from 'kysely';

/**
 * A member Discord says is no longer in the server (10007 Unknown Member on a lookup, or
 * GUILD_MEMBER_REMOVE with the Server Members intent). They get no prompts and no pairings, and their
 * data is deleted once `left_at` is older than the retention period, unless they are back by then.
 */
export interface MemberDepartureTable {
  guild_id: string;
  user_id: string;
  left_at: number;
}

export type MemberDepartureRow = Selectable<MemberDepartureTable>;
