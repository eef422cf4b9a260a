import type { GuildTable } from './tables/guild.js';
import type { MemberProfileTable, StepProgressTable } from './tables/roadmap.js';

/** Every table Kysely knows about. Timestamps are epoch milliseconds (INTEGER). */
export interface Database {
  guild: GuildTable;
  member_profile: MemberProfileTable;
  step_progress: StepProgressTable;
}
