import type { NewWorkItem } from '../db/repositories/work-items.js';

/**
 * What a service needs of the work engine (src/scheduler/work-engine.ts): record work idempotently and
 * have it run soon. Services that record work together with domain rows write the items in the same
 * transaction (enqueueWork) and only `kick` the engine.
 */
export interface WorkQueue {
  enqueue(items: readonly NewWorkItem[]): Promise<void>;
  /** Run due work now instead of at the next minute. */
  kick(): void;
}

/** `checkin.prompt:<guild>:<round>:<user>`: the kind, then what makes the work unique. */
export function workKey(kind: string, ...parts: ReadonlyArray<string | number>): string {
  return [kind, ...parts].join(':');
}

/** Every kind of work, named once for the services that record it and the handlers that run it. */
export const WORK = {
  checkinPrompt: 'checkin.prompt',
  checkinReminder: 'checkin.reminder',
  checkinSummary: 'checkin.summary',
  checkinSummaryNow: 'checkin.summary-now',
  checkinUndelivered: 'checkin.undelivered',
  checkinWelcome: 'checkin.welcome',
  interviewOpen: 'interview.open',
  interviewGroup: 'interview.group',
  interviewFollowUp: 'interview.follow-up',
  interviewReport: 'interview.report',
  interviewClose: 'interview.close',
  interviewFeedback: 'interview.feedback',
} as const;

/**
 * Due time for work a member is waiting on (a test DM, a feedback DM, a summary asked for): due since
 * the epoch, so it is claimed before a round's fan-out that fell due earlier.
 */
export const FIRST_IN_LINE = 0;

/** Waits, a bounded time, for `settled` to hold; true if it did. For replies that report progress. */
export async function waitUntil(
  settled: () => Promise<boolean>,
  timeoutMs: number,
  pollMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await settled()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
