import type { CheckinAnswer } from './answer.js';
import type { StartedRound } from './phases.js';
import type { CheckinSchedule } from './schedule.js';

/** How prompts reach members: by direct message, or as a mention in the check-in channel. */
export type DeliveryMode = 'dm' | 'channel';
export type DeliveryKind = 'prompt' | 'reminder';
/** pending: owed; sending: handed to Discord; skipped: not owed after all (a break, a member who left). */
export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

/*
 * The check-in feature as the rest of the bot sees it: camelCase, booleans for flags, epoch milliseconds
 * for recorded instants (as the roadmap's and the interviews' types). The repositories map table rows to
 * these at the boundary, so no service, job, render or command depends on a column name.
 */

/** A server's weekly check-in, as an admin set it up. */
export interface CheckinConfig {
  readonly guildId: string;
  /** Where summaries go, and prompts for members reached in the channel. */
  readonly channelId: string;
  readonly schedule: CheckinSchedule;
  readonly delivery: DeliveryMode;
  /** Rounds that opened before this are not prompted late (a new schedule does not catch up). */
  readonly activeSince: number;
  readonly updatedAt: number;
  /** The admin who set it up; '' once they deleted their data. */
  readonly updatedBy: string;
}

export interface CheckinMember {
  readonly guildId: string;
  readonly userId: string;
  readonly joinedAt: number;
  /** false once they left the check-ins (their history stays). */
  readonly active: boolean;
  readonly pausedUntil: number | null;
  readonly dmChannelId: string | null;
  /** Their DMs refused a message: prompts use the channel until a test DM gets through again. */
  readonly dmClosed: boolean;
}

/** A round that started (phases.ts reads when each phase finished), in the channel it started with. */
export interface CheckinRound extends StartedRound {
  readonly guildId: string;
  readonly channelId: string;
}

/** One prompt or reminder owed to one member in one round, and how it went. */
export interface Delivery {
  readonly guildId: string;
  readonly roundKey: string;
  readonly userId: string;
  readonly kind: DeliveryKind;
  readonly state: DeliveryState;
  readonly via: DeliveryMode | null;
  readonly messageId: string | null;
  /** Why it failed or was skipped, as recorded ("forbidden: …", "left the server"). */
  readonly error: string | null;
  readonly updatedAt: number;
}

/** A member's answer to one round. */
export interface RecordedAnswer {
  readonly roundKey: string;
  readonly userId: string;
  readonly answer: CheckinAnswer;
  readonly createdAt: number;
}

/** Whether a member is on a break at `at`. */
export function isPaused(member: Pick<CheckinMember, 'pausedUntil'>, at: Date): boolean {
  return member.pausedUntil !== null && member.pausedUntil > at.getTime();
}

/** How a member is reached: the server's mode, unless their DMs are closed. */
export function deliveryFor(
  config: Pick<CheckinConfig, 'delivery'>,
  member: Pick<CheckinMember, 'dmClosed'>,
): DeliveryMode {
  return config.delivery === 'dm' && !member.dmClosed ? 'dm' : 'channel';
}
