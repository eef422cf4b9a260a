import { enoughMembers, lastItems, rate, tooFew, type TooFewMembers } from './privacy.js';

export const INSIGHT_WEEKS = 12;

/** One check-in round as stored: who was prompted, who was on a break, who answered. */
export interface ParticipationRoundInput {
  readonly roundKey: string;
  readonly prompted: readonly string[];
  readonly onBreak: readonly string[];
  readonly answered: readonly string[];
}

/** A week's counts; all null when fewer than MIN_MEMBERS members were involved that week. */
export interface ParticipationWeek {
  readonly roundKey: string;
  readonly withheld: boolean;
  readonly prompted: number | null;
  readonly answered: number | null;
  /** Members expected to answer: prompted, or answered without a prompt (`/checkin now`). */
  readonly expected: number | null;
  readonly onBreak: number | null;
  /** Answered out of those expected to answer (prompted, or answered without a prompt), in percent. */
  readonly answerRate: number | null;
}

export interface ParticipationFigures {
  readonly kind: 'figures';
  /** Distinct members involved over the weeks shown. */
  readonly members: number;
  readonly weeks: readonly ParticipationWeek[];
  /** Over the weeks shown, withheld weeks left out. */
  readonly answerRate: number;
  readonly withheldWeeks: number;
}

export type ParticipationInsight = ParticipationFigures | TooFewMembers;

/** Check-in participation over the last INSIGHT_WEEKS rounds (input oldest first). */
export function participationFigures(
  rounds: readonly ParticipationRoundInput[],
  weeks = INSIGHT_WEEKS,
): ParticipationInsight {
  const shown = lastItems(rounds, weeks);
  const everyone = new Set(shown.flatMap((r) => [...r.prompted, ...r.onBreak, ...r.answered]));
  if (!enoughMembers(everyone.size)) return tooFew(everyone.size);
  let answeredTotal = 0;
  let expectedTotal = 0;
  const rows = shown.map((round): ParticipationWeek => {
    const involved = new Set([...round.prompted, ...round.onBreak, ...round.answered]);
    if (!enoughMembers(involved.size)) {
      return {
        roundKey: round.roundKey,
        withheld: true,
        prompted: null,
        answered: null,
        expected: null,
        onBreak: null,
        answerRate: null,
      };
    }
    const answered = new Set(round.answered);
    const expected = new Set([...round.prompted, ...round.answered]);
    answeredTotal += answered.size;
    expectedTotal += expected.size;
    return {
      roundKey: round.roundKey,
      withheld: false,
      prompted: new Set(round.prompted).size,
      answered: answered.size,
      expected: expected.size,
      onBreak: new Set(round.onBreak).size,
      answerRate: rate(answered.size, expected.size),
    };
  });
  return {
    kind: 'figures',
    members: everyone.size,
    weeks: rows,
    answerRate: rate(answeredTotal, expectedTotal),
    withheldWeeks: rows.filter((w) => w.withheld).length,
  };
}
