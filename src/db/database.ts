import type {
  CheckinAnswerTable,
  CheckinConfigTable,
  CheckinDeliveryTable,
  CheckinMemberTable,
  CheckinRoundTable,
} from './tables/checkins.js';
import type { MemberDepartureTable } from './tables/departures.js';
import type { GuildTable } from './tables/guild.js';
import type { InstanceLeaseTable } from './tables/instance.js';
import type {
  InterviewAskedQuestionTable,
  InterviewConfigTable,
  InterviewFeedbackTable,
  InterviewGroupMemberTable,
  InterviewGroupTable,
  InterviewMemberTable,
  InterviewPairTable,
  InterviewReportTable,
  InterviewRoundTable,
} from './tables/interviews.js';
import type { WorkItemTable } from './tables/work.js';
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
  interview_config: InterviewConfigTable;
  interview_member: InterviewMemberTable;
  interview_round: InterviewRoundTable;
  interview_group: InterviewGroupTable;
  interview_group_member: InterviewGroupMemberTable;
  interview_pair: InterviewPairTable;
  interview_asked_question: InterviewAskedQuestionTable;
  interview_report: InterviewReportTable;
  interview_feedback: InterviewFeedbackTable;
  member_departure: MemberDepartureTable;
  instance_lease: InstanceLeaseTable;
  work_item: WorkItemTable;
}
