import type { Migration } from 'kysely';
import * as guilds from './2026_11_21_0001_guilds.js';
import * as roadmapProgress from './2026_11_21_0002_roadmap_progress.js';
import * as checkins from './2026_11_21_0003_checkins.js';
import * as interviews from './2026_11_21_0004_interviews.js';
import * as memberDeparture from './2026_11_30_0201_member_departure.js';
import * as interviewPair from './2026_11_30_0202_interview_pair.js';
import * as instanceLease from './2026_11_30_0301_instance_lease.js';
import * as workItem from './2026_11_30_0401_work_item.js';
import * as feedbackOwed from './2026_11_30_0501_feedback_owed.js';

/**
 * Listed statically (not read from the folder) so they run the same from sources, from dist/
 * and from a bundled image. Names sort in the order they must run; never rename or edit one.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_21_0001_guilds': guilds,
  '2026_11_21_0002_roadmap_progress': roadmapProgress,
  '2026_11_21_0003_checkins': checkins,
  '2026_11_21_0004_interviews': interviews,
  '2026_11_30_0201_member_departure': memberDeparture,
  '2026_11_30_0202_interview_pair': interviewPair,
  '2026_11_30_0301_instance_lease': instanceLease,
  '2026_11_30_0401_work_item': workItem,
  '2026_11_30_0501_feedback_owed': feedbackOwed,
};
