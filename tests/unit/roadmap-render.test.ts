import { describe, expect, it } from 'vitest';
import { loadRoadmap } from '../../src/content/load.js';
import { summarize, type StepState, type StepStatus } from '../../src/domain/progress/progress.js';
import { allSteps, locateStep, nextStep, previousStep } from '../../src/domain/roadmap/roadmap.js';
import type { Track } from '../../src/domain/roadmap/schema.js';
import { renderOverview, renderProgress, renderStage, renderStep } from '../../src/discord/render/roadmap.js';
import type { MemberRoadmap } from '../../src/services/roadmap.js';
import { FormErrors } from '../../fake-discord/errors.js';
import { validateMessageBody } from '../../fake-discord/validation/messages.js';
import { customIds } from '../support/harness.js';

const roadmap = loadRoadmap();
const owner = '99999999999999999999'; // the longest snowflake Discord can issue
const longestTrack = [...roadmap.tracks].sort(
  (a, b) => JSON.stringify(b).length - JSON.stringify(a).length,
)[0] as Track;
const longProof = `https://example.org/${'x'.repeat(280)}`;

/** The heaviest state a member can be in: every step touched, long proof links, a track chosen. */
function worstCase(status: StepStatus): MemberRoadmap {
  const states = new Map<string, StepState>(
    allSteps(roadmap).map((step, i) => [
      step.id,
      {
        status,
        proofUrl: status === 'done' ? longProof : null,
        startedAt: i,
        updatedAt: 1e12 + i,
        completedAt: 1e12,
      },
    ]),
  );
  const outline = roadmap.stages.map((s) => ({ id: s.id, stepIds: s.steps.map((step) => step.id) }));
  return {
    profile: { track: longestTrack.id, shareProgress: true },
    track: longestTrack,
    states,
    summary: summarize(outline, new Map([...states].map(([id, s]) => [id, s.status]))),
  };
}

function problems(body: object): number {
  const errors = new FormErrors();
  validateMessageBody(errors, [], body as Record<string, unknown>, { allowEphemeral: true });
  return errors.size;
}

const views = (['done', 'in_progress', 'skipped'] as const).map(
  (status) => [status, worstCase(status)] as const,
);
const empty: MemberRoadmap = {
  ...worstCase('done'),
  states: new Map(),
  profile: { track: null, shareProgress: false },
  track: undefined,
};

describe('every roadmap view fits Discord', () => {
  it.each(views)('every step card fits when steps are %s', (_status, view) => {
    for (const step of allSteps(roadmap)) {
      const location = locateStep(roadmap, step.id)!;
      const message = renderStep(roadmap, view, location, owner, {
        previous: previousStep(roadmap, step.id),
        next: nextStep(roadmap, step.id),
      });
      expect(problems(message), step.id).toBe(0);
      expect(new Set(customIds(message)).size, step.id).toBe(customIds(message).length);
      for (const id of customIds(message)) expect(id.length).toBeLessThanOrEqual(100);
    }
  });

  it.each([...views, ['untouched', empty] as const])(
    'the overview, every stage and /progress fit (%s)',
    (_s, view) => {
      expect(problems(renderOverview(roadmap, view, owner))).toBe(0);
      for (const stage of roadmap.stages) {
        const message = renderStage(roadmap, view, stage.id, owner);
        expect(message).toBeDefined();
        expect(stage.steps.length).toBeLessThanOrEqual(25);
        expect(problems(message!)).toBe(0);
      }
      expect(problems({ embeds: [renderProgress(roadmap, view, 'N'.repeat(32), true)] })).toBe(0);
    },
  );

  it('the validator itself refuses an oversized card (so the checks above can fail)', () => {
    const view = worstCase('done');
    const location = locateStep(roadmap, 'git')!;
    const message = renderStep(roadmap, view, location, owner, { previous: undefined, next: undefined });
    const broken = { ...message, embeds: [{ ...message.embeds[0], description: 'x'.repeat(4097) }] };
    expect(problems(broken)).toBeGreaterThan(0);
  });
});
