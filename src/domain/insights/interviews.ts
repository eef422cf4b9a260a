import { INSIGHT_WEEKS } from './participation.js';
import { enoughMembers, lastItems, tooFew, type TooFewMembers } from './privacy.js';

export interface InterviewGroupInput {
  readonly memberIds: readonly string[];
  /** What the group's members reported ("We met" / "Couldn't meet"), one entry per report. */
  readonly reports: ReadonlyArray<'met' | 'missed'>;
}

export interface InterviewRoundInput {
  readonly roundKey: string;
  /** Groups that were posted; groups Discord refused are not interviews that could happen. */
  readonly groups: readonly InterviewGroupInput[];
}

export interface StarRatingInput {
  readonly candidateId: string;
  readonly situation: number;
  readonly task: number;
  readonly action: number;
  readonly result: number;
}

export interface InterviewRoundFigures {
  readonly roundKey: string;
  readonly withheld: boolean;
  readonly groups: number | null;
  readonly met: number | null;
  readonly missed: number | null;
  /** Nobody said. */
  readonly unknown: number | null;
}

export const STAR_PARTS = ['situation', 'task', 'action', 'result'] as const;
export type StarPart = (typeof STAR_PARTS)[number];

export interface InterviewFigures {
  readonly kind: 'figures';
  readonly members: number;
  readonly rounds: readonly InterviewRoundFigures[];
  /** Average rating per STAR part (1 to 5, one decimal); null when fewer than MIN_MEMBERS candidates were rated. */
  readonly star: Readonly<Record<StarPart, number | null>>;
  readonly ratedCandidates: number;
  readonly feedbackCount: number;
}

export type InterviewInsight = InterviewFigures | TooFewMembers;

/** A group met when anyone says so; it could not meet when someone says so and nobody says it met. */
export function groupOutcome(reports: ReadonlyArray<'met' | 'missed'>): 'met' | 'missed' | 'unknown' {
  if (reports.includes('met')) return 'met';
  return reports.includes('missed') ? 'missed' : 'unknown';
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/** Mock-interview rounds (oldest first) and the server's STAR ratings. */
export function interviewFigures(
  rounds: readonly InterviewRoundInput[],
  ratings: readonly StarRatingInput[],
  count = INSIGHT_WEEKS,
): InterviewInsight {
  const shown = lastItems(rounds, count);
  const everyone = new Set(shown.flatMap((r) => r.groups.flatMap((g) => g.memberIds)));
  if (!enoughMembers(everyone.size)) return tooFew(everyone.size);
  const rows = shown.map((round): InterviewRoundFigures => {
    const members = new Set(round.groups.flatMap((g) => g.memberIds));
    if (!enoughMembers(members.size)) {
      return {
        roundKey: round.roundKey,
        withheld: true,
        groups: null,
        met: null,
        missed: null,
        unknown: null,
      };
    }
    const outcomes = round.groups.map((g) => groupOutcome(g.reports));
    return {
      roundKey: round.roundKey,
      withheld: false,
      groups: round.groups.length,
      met: outcomes.filter((o) => o === 'met').length,
      missed: outcomes.filter((o) => o === 'missed').length,
      unknown: outcomes.filter((o) => o === 'unknown').length,
    };
  });
  const candidates = new Set(ratings.map((r) => r.candidateId)).size;
  const average = (part: StarPart) =>
    enoughMembers(candidates) && ratings.length > 0
      ? oneDecimal(ratings.reduce((sum, r) => sum + r[part], 0) / ratings.length)
      : null;
  return {
    kind: 'figures',
    members: everyone.size,
    rounds: rows,
    star: {
      situation: average('situation'),
      task: average('task'),
      action: average('action'),
      result: average('result'),
    },
    ratedCandidates: candidates,
    feedbackCount: ratings.length,
  };
}
