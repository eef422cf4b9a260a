export type StepStatus = 'in_progress' | 'done' | 'skipped';
export const STEP_ACTIONS = ['done', 'in_progress', 'skip', 'reset'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

/** A member's state on one step; no state means "not started". */
export interface StepState {
  status: StepStatus;
  proofUrl: string | null;
  startedAt: number;
  updatedAt: number;
  completedAt: number | null;
}

export type Transition = { kind: 'unchanged' } | { kind: 'save'; state: StepState } | { kind: 'clear' };

const STATUS_OF: Record<Exclude<StepAction, 'reset'>, StepStatus> = {
  done: 'done',
  in_progress: 'in_progress',
  skip: 'skipped',
};

/**
 * What one button press does. Pressing the same button twice changes nothing (so double clicks and
 * retries are harmless); a new proof link on a done step replaces the old one.
 */
export function transition(
  current: StepState | undefined,
  action: StepAction,
  at: number,
  proofUrl?: string | null,
): Transition {
  if (action === 'reset') return current ? { kind: 'clear' } : { kind: 'unchanged' };
  const status = STATUS_OF[action];
  const newProof = action === 'done' && proofUrl ? proofUrl : null;
  if (current?.status === status && (newProof === null || newProof === current.proofUrl))
    return { kind: 'unchanged' };
  return {
    kind: 'save',
    state: {
      status,
      proofUrl:
        status === 'done' ? (newProof ?? (current?.status === 'done' ? current.proofUrl : null)) : null,
      startedAt: current?.startedAt ?? at,
      updatedAt: at,
      completedAt: status === 'done' ? (current?.status === 'done' ? (current.completedAt ?? at) : at) : null,
    },
  };
}

export { ProofUrlSchema } from './proof-link.js';

export interface StageOutline {
  id: string;
  stepIds: readonly string[];
}

export interface Counts {
  done: number;
  inProgress: number;
  skipped: number;
  total: number;
}

export interface ProgressSummary {
  stages: Array<{ id: string } & Counts>;
  overall: Counts;
  /** The step to suggest next: the first one in progress, else the first not started. */
  nextStepId: string | undefined;
}

export function summarize(
  stages: readonly StageOutline[],
  statuses: ReadonlyMap<string, StepStatus>,
): ProgressSummary {
  const overall: Counts = { done: 0, inProgress: 0, skipped: 0, total: 0 };
  let firstInProgress: string | undefined;
  let firstOpen: string | undefined;
  const perStage = stages.map((stage) => {
    const counts: Counts = { done: 0, inProgress: 0, skipped: 0, total: stage.stepIds.length };
    for (const stepId of stage.stepIds) {
      const status = statuses.get(stepId);
      if (status === 'done') counts.done++;
      else if (status === 'skipped') counts.skipped++;
      else if (status === 'in_progress') {
        counts.inProgress++;
        firstInProgress ??= stepId;
      } else firstOpen ??= stepId;
    }
    overall.done += counts.done;
    overall.inProgress += counts.inProgress;
    overall.skipped += counts.skipped;
    overall.total += counts.total;
    return { id: stage.id, ...counts };
  });
  return { stages: perStage, overall, nextStepId: firstInProgress ?? firstOpen };
}

/** A compact bar such as `▰▰▰▱▱▱▱▱▱▱`; skipped steps count as handled. */
export function progressBar(handled: number, total: number, width = 10): string {
  const filled = total === 0 ? 0 : Math.round((Math.min(handled, total) / total) * width);
  return '▰'.repeat(filled) + '▱'.repeat(width - filled);
}

export function percent(handled: number, total: number): number {
  return total === 0 ? 0 : Math.round((Math.min(handled, total) / total) * 100);
}
