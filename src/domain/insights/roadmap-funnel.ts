import { DAY_MS } from '../time/duration.js';
import { enoughMembers, tooFew, type TooFewMembers } from './privacy.js';

/** A step "in progress" for longer than this counts as stuck. */
export const STUCK_AFTER_MS = 21 * DAY_MS;
/** How many steps each "most often" list names. */
export const TOP_STEPS = 5;

export interface FunnelStageInput {
  readonly id: string;
  readonly title: string;
  readonly steps: ReadonlyArray<{ readonly id: string; readonly title: string }>;
}

export interface FunnelProgressInput {
  readonly userId: string;
  readonly stepId: string;
  readonly status: 'in_progress' | 'done' | 'skipped';
  /** When the status last changed. */
  readonly updatedAt: number;
}

export interface FunnelStage {
  readonly id: string;
  readonly title: string;
  /** Members who have every step of the stage done or skipped (skipping counts as handled, as in /progress). */
  readonly completed: number;
}

export interface StepCount {
  readonly stepId: string;
  readonly title: string;
  readonly members: number;
}

export interface FunnelFigures {
  readonly kind: 'figures';
  /** Members with at least one step marked. */
  readonly members: number;
  readonly stages: readonly FunnelStage[];
  readonly mostSkipped: readonly StepCount[];
  readonly stuck: readonly StepCount[];
}

export type FunnelInsight = FunnelFigures | TooFewMembers;

/** How far members got through the roadmap, and where they skip or stall. */
export function roadmapFunnelFigures(
  stages: readonly FunnelStageInput[],
  progress: readonly FunnelProgressInput[],
  now: Date,
): FunnelInsight {
  const byMember = new Map<string, Map<string, FunnelProgressInput>>();
  for (const row of progress) {
    let steps = byMember.get(row.userId);
    if (!steps) byMember.set(row.userId, (steps = new Map()));
    steps.set(row.stepId, row);
  }
  if (!enoughMembers(byMember.size)) return tooFew(byMember.size);
  const members = [...byMember.values()];
  const handled = (row: FunnelProgressInput | undefined) =>
    row?.status === 'done' || row?.status === 'skipped';
  const stuckBefore = now.getTime() - STUCK_AFTER_MS;
  const steps = stages.flatMap((stage) => stage.steps);
  const countSteps = (matches: (row: FunnelProgressInput) => boolean): StepCount[] =>
    steps
      .map((step) => ({
        stepId: step.id,
        title: step.title,
        members: members.filter((m) => {
          const row = m.get(step.id);
          return row !== undefined && matches(row);
        }).length,
      }))
      .filter((s) => s.members > 0)
      // Stable sort: ties keep roadmap order.
      .sort((a, b) => b.members - a.members)
      .slice(0, TOP_STEPS);
  return {
    kind: 'figures',
    members: byMember.size,
    stages: stages.map((stage) => ({
      id: stage.id,
      title: stage.title,
      completed: members.filter((m) => stage.steps.every((step) => handled(m.get(step.id)))).length,
    })),
    mostSkipped: countSteps((row) => row.status === 'skipped'),
    stuck: countSteps((row) => row.status === 'in_progress' && row.updatedAt < stuckBefore),
  };
}
