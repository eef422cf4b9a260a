import type { DeliveryState } from './types.js';
import type { RoundRecord } from './streaks.js';

/** What was recorded of one member in one round: the state of their prompt, and whether they answered. */
export interface PromptFact {
  readonly userId: string;
  readonly roundKey: string;
  readonly state: DeliveryState;
}

export interface AnswerFact {
  readonly userId: string;
  readonly roundKey: string;
}

/**
 * Each member's record per round, oldest first, for streaks: answered if they answered, paused if their
 * prompt was skipped for a pause, undelivered if it never reached them, missed if prompted and silent.
 * Rounds not in `closedRoundKeys` (still open) count only when answered.
 */
export function memberHistories(
  prompts: readonly PromptFact[],
  answers: readonly AnswerFact[],
  closedRoundKeys: ReadonlySet<string>,
): Map<string, RoundRecord[]> {
  const answered = new Set(answers.map((a) => `${a.userId}|${a.roundKey}`));
  const records = new Map<string, Map<string, RoundRecord>>();
  const put = (userId: string, record: RoundRecord) => {
    let byRound = records.get(userId);
    if (!byRound) records.set(userId, (byRound = new Map()));
    byRound.set(record.roundKey, record);
  };
  for (const { userId, roundKey, state } of prompts) {
    if (answered.has(`${userId}|${roundKey}`)) put(userId, { roundKey, status: 'answered' });
    else if (state === 'skipped') put(userId, { roundKey, status: 'paused' });
    // Never delivered (Discord refused it, or the round closed first): not the member's doing.
    else if (state === 'failed') put(userId, { roundKey, status: 'undelivered' });
    else if (closedRoundKeys.has(roundKey)) put(userId, { roundKey, status: 'missed' });
  }
  // An answer without a prompt (a member who joined mid-round and used /checkin now) still counts.
  for (const { userId, roundKey } of answers) put(userId, { roundKey, status: 'answered' });
  // Round keys are local ISO dates, so string order is time order.
  return new Map(
    [...records].map(([userId, byRound]) => [
      userId,
      [...byRound.values()].sort((a, b) => a.roundKey.localeCompare(b.roundKey)),
    ]),
  );
}
