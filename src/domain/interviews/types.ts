import type { InterviewFeedback } from './feedback.js';
import type { Level } from './pairing-types.js';

/**
 * The interview feature as the rest of the bot sees it: camelCase, booleans for flags, epoch milliseconds
 * for instants (as the roadmap's step states). The repositories map table rows to these at the boundary,
 * so no service, job, render or command depends on a column name.
 */

export const CADENCES = ['weekly', 'biweekly'] as const;
export type InterviewCadence = (typeof CADENCES)[number];
export type RemovedReason = 'left' | 'no-show' | 'left-server';
/** pending → thread-created → members-added → posted; failed when Discord refused for good. */
export type GroupState = 'pending' | 'thread-created' | 'members-added' | 'posted' | 'failed';
export type AddState = 'pending' | 'added' | 'failed';
export type ReportOutcome = 'met' | 'missed';
export type FollowUpState = 'sent' | 'failed';
/** Where a feedback went: by DM, nowhere (closed DMs, gone, refused), or not yet tried. */
export type DeliveredVia = 'dm' | 'none';

/** A server's schedule for mock-interview rounds. */
export interface InterviewConfig {
  guildId: string;
  channelId: string;
  weekday: string;
  time: string;
  timezone: string;
  cadence: InterviewCadence;
  /** Round key of the first opening after setup: fortnightly cycles count their weeks from it. */
  anchorKey: string;
  /** Cycles that opened before this instant are not paired late. */
  activeSince: number;
  updatedAt: number;
  updatedBy: string;
}

/** A member of a server's interview pool (or someone who was in it). */
export interface InterviewMember {
  guildId: string;
  userId: string;
  focus: string | null;
  level: Level | null;
  timezone: string | null;
  active: boolean;
  joinedAt: number;
  leftAt: number | null;
  removedReason: RemovedReason | null;
  /** Sits out the next round only. */
  skipNext: boolean;
}

export interface InterviewRound {
  id: number;
  guildId: string;
  /** Local ISO date of the opening, e.g. "2026-11-20". */
  key: string;
  channelId: string;
  seed: number;
  opensAt: number;
  followUpAt: number;
  closesAt: number;
  createdAt: number;
  satOutUserId: string | null;
  skippedCount: number;
  pairedAt: number | null;
  reportedAt: number | null;
  followedUpAt: number | null;
  closedAt: number | null;
}

/** Moments in a round's life, each set once. */
export type RoundMilestone = 'pairedAt' | 'reportedAt' | 'followedUpAt' | 'closedAt';

/** A round as planned, before it is written. */
export type NewRound = Omit<InterviewRound, 'id' | RoundMilestone>;

export interface NewRoundPlan {
  round: NewRound;
  /** Each group in rotation order, with the question ids each member answers as the candidate. */
  groups: ReadonlyArray<ReadonlyArray<{ userId: string; questionIds: readonly string[] }>>;
  /** Members whose "skip the next round" is used up by this round. */
  skipped: readonly string[];
}

/** A pair or trio of a round, set up in its own private thread. */
export interface InterviewGroup {
  id: number;
  roundId: number;
  guildId: string;
  position: number;
  state: GroupState;
  threadId: string | null;
  messageId: string | null;
  error: string | null;
  followUpState: FollowUpState | null;
  updatedAt: number;
}

/** One member of a group, in rotation order (`position`). */
export interface GroupMember {
  groupId: number;
  roundId: number;
  guildId: string;
  userId: string;
  position: number;
  /** The questions this member answers as the candidate. */
  questionIds: string[];
  addState: AddState;
  addError: string | null;
}

/** A member's answer to "did your group meet?". */
export interface MeetingReport {
  groupId: number;
  guildId: string;
  userId: string;
  outcome: ReportOutcome;
  updatedAt: number;
}

/** A group a member was placed in, with its round. */
export interface MemberGroup {
  groupId: number;
  roundId: number;
  roundKey: string;
  opensAt: number;
  closesAt: number;
  closedAt: number | null;
  state: GroupState;
  threadId: string | null;
}

/** One member's place in one round that has ended: the input of the no-show rule. */
export interface Participation {
  userId: string;
  groupId: number;
  roundId: number;
  opensAt: number;
  state: GroupState;
}

/** STAR feedback one member gave the candidate they interviewed, as stored. */
export interface Feedback extends InterviewFeedback {
  groupId: number;
  roundId: number;
  guildId: string;
  giverId: string;
  candidateId: string;
  deliveredVia: DeliveredVia | null;
  createdAt: number;
  /** Also the version of the feedback: each edit is delivered again. */
  updatedAt: number;
}

/** Feedback with the round it was given in. */
export interface ReceivedFeedback extends Feedback {
  roundKey: string;
}

export interface InterviewCounts {
  rounds: number;
  closedRounds: number;
  groups: number;
  trios: number;
  /** Groups of closed rounds that were posted, and how many of them reported meeting. */
  finishedGroups: number;
  finishedGroupsMet: number;
  failedGroups: number;
  feedback: number;
  activeMembers: number;
  removedForNoShow: number;
}
