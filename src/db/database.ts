import type {
  CheckinAnswerTable,
  CheckinConfigTable,
  CheckinDeliveryTable,
  CheckinMemberTable,
  CheckinRoundTable,
} from './tables/checkins.js';
import type { GuildTable } from './tables/guild.js';
import type { MemberProfileTable, StepProgressTable } from './tables/roadmap.js';

/** Every table Kysely knows about. Timestamps are epoch milliseconds (INTEGER). */
export interface Database {
  guild: GuildTable;
  member_profile: MemberProfileTable;
  step_progress: StepProgressTable;
  checkin_config: CheckinConfigTable;
  checkin_member: CheckinMemberTable;
  checkin_round: CheckinRoundTable;
  checkin_delivery: CheckinDeliveryTable;
  checkin_answer: CheckinAnswerTable;
}
