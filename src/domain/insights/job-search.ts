import { INSIGHT_WEEKS } from './participation.js';
import { enoughMembers, lastItems, tooFew, type TooFewMembers } from './privacy.js';

/** One check-in answer's job-search counts (both optional in the form). */
export interface JobSearchAnswerInput {
  readonly userId: string;
  readonly applications: number | null;
  readonly interviews: number | null;
}

export interface JobSearchRoundInput {
  readonly roundKey: string;
  readonly answers: readonly JobSearchAnswerInput[];
}

export interface JobSearchWeek {
  readonly roundKey: string;
  /** Members who filled in at least one of the two counts. */
  readonly reporters: number;
  /** Null when fewer than MIN_MEMBERS members reported that week. */
  readonly applications: number | null;
  readonly interviews: number | null;
  readonly withheld: boolean;
}

export interface JobSearchFigures {
  readonly kind: 'figures';
  readonly members: number;
  readonly weeks: readonly JobSearchWeek[];
  /** Totals over the weeks shown, withheld weeks left out. */
  readonly applications: number;
  readonly interviews: number;
  readonly withheldWeeks: number;
}

export type JobSearchInsight = JobSearchFigures | TooFewMembers;

/** Applications and interviews reported in check-ins, per week, over the last INSIGHT_WEEKS rounds. */
export function jobSearchFigures(
  rounds: readonly JobSearchRoundInput[],
  weeks = INSIGHT_WEEKS,
): JobSearchInsight {
  const shown = lastItems(rounds, weeks);
  const reported = (a: JobSearchAnswerInput) => a.applications !== null || a.interviews !== null;
  const everyone = new Set(shown.flatMap((r) => r.answers.filter(reported).map((a) => a.userId)));
  if (!enoughMembers(everyone.size)) return tooFew(everyone.size);
  const rows = shown.map((round): JobSearchWeek => {
    const reports = round.answers.filter(reported);
    const reporters = new Set(reports.map((a) => a.userId)).size;
    if (!enoughMembers(reporters)) {
      return { roundKey: round.roundKey, reporters, applications: null, interviews: null, withheld: true };
    }
    return {
      roundKey: round.roundKey,
      reporters,
      applications: reports.reduce((sum, a) => sum + (a.applications ?? 0), 0),
      interviews: reports.reduce((sum, a) => sum + (a.interviews ?? 0), 0),
      withheld: false,
    };
  });
  return {
    kind: 'figures',
    members: everyone.size,
    weeks: rows,
    applications: rows.reduce((sum, w) => sum + (w.applications ?? 0), 0),
    interviews: rows.reduce((sum, w) => sum + (w.interviews ?? 0), 0),
    withheldWeeks: rows.filter((w) => w.withheld).length,
  };
}
