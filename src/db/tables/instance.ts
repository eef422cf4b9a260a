import type { Selectable } from 'kysely';

/** Who may act for a scope (the whole bot today, a shard later) and until when. Times are epoch ms. */
export interface InstanceLeaseTable {
  scope: string;
  owner: string;
  acquired_at: number;
  renewed_at: number;
  expires_at: number;
}

export type InstanceLeaseRow = Selectable<InstanceLeaseTable>;
