import { loadRoadmap } from '../src/content/load.js';
import type { RenderedMessage } from '../src/discord/render/roadmap.js';
import { renderStep } from '../src/discord/render/roadmap.js';
import { summarize } from '../src/domain/progress/progress.js';
import { locateStep, nextStep, previousStep } from '../src/domain/roadmap/roadmap.js';
import type { MemberRoadmap } from '../src/services/roadmap.js';
import { FIXED_BUTTONS } from './protocol.js';

/**
 * One Stepwise step card, rendered once, with the buttons the load presses renamed to fixed ids: the
 * "rich baseline" answers every interaction with it, so it moves Stepwise-sized payloads with no logic.
 */
export function fixedStepCard(): RenderedMessage {
  const roadmap = loadRoadmap();
  const stage = roadmap.stages[0];
  const stepId = stage?.steps[stage.steps.length - 1]?.id ?? '';
  const location = locateStep(roadmap, stepId);
  if (!location) throw new Error('the roadmap has no steps');
  const view: MemberRoadmap = {
    profile: { track: roadmap.tracks[0]?.id ?? null, shareProgress: false },
    track: roadmap.tracks[0],
    states: new Map(),
    summary: summarize(
      roadmap.stages.map((s) => ({ id: s.id, stepIds: s.steps.map((step) => step.id) })),
      new Map(),
    ),
  };
  const card = renderStep(roadmap, view, location, '100000000000000000', {
    previous: previousStep(roadmap, stepId),
    next: nextStep(roadmap, stepId),
  });
  const rename = (customId: string): string => {
    if (customId.endsWith(':in_progress')) return FIXED_BUTTONS.status;
    if (customId.endsWith(':done')) return FIXED_BUTTONS.status2;
    if (customId.includes(':open:') && customId.endsWith(`:${nextStep(roadmap, stepId)?.id ?? '-'}`))
      return FIXED_BUTTONS.next;
    return customId;
  };
  return {
    embeds: card.embeds,
    components: card.components.map((row) => ({
      ...row,
      components: row.components.map((component) =>
        'custom_id' in component ? { ...component, custom_id: rename(component.custom_id) } : component,
      ),
    })),
  };
}
