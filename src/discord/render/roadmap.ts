import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIEmbed,
  type APIEmbedField,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import {
  percent,
  progressBar,
  type StepAction,
  type StepState,
  type StepStatus,
} from '../../domain/progress/progress.js';
import { stepCount, type StepLocation } from '../../domain/roadmap/roadmap.js';
import type { Roadmap, Stage, Step, Track } from '../../domain/roadmap/schema.js';
import type { MemberRoadmap, StepView } from '../../services/roadmap.js';
import { roadmapIds } from '../custom-ids.js';
import { button, row, select, type MessageRow } from './components.js';
import { memberText, proofLinkText } from './member-text.js';
import { timestamp } from './format.js';
import { clip, Colors, FOOTER } from './theme.js';

export interface RenderedMessage {
  embeds: APIEmbed[];
  components: MessageRow[];
}

export const StatusIcon: Record<StepStatus | 'not_started', string> = {
  done: '✅',
  in_progress: '🔄',
  skipped: '⏭️',
  not_started: '⬜',
};
const StatusText: Record<StepStatus | 'not_started', string> = {
  done: 'Done',
  in_progress: 'In progress',
  skipped: 'Skipped',
  not_started: 'Not started',
};
const StatusColor: Record<StepStatus | 'not_started', number> = {
  done: Colors.success,
  in_progress: Colors.warning,
  skipped: Colors.neutral,
  not_started: Colors.brand,
};

const bullet = (lines: readonly string[]) => lines.map((line) => `• ${line}`).join('\n');
const field = (name: string, value: string, inline = false): APIEmbedField => ({
  name: clip(name, 256),
  value: clip(value || '—', 1024),
  inline,
});

function statusOf(view: MemberRoadmap, stepId: string): StepStatus | 'not_started' {
  return view.states.get(stepId)?.status ?? 'not_started';
}

function overallLine(view: MemberRoadmap): string {
  const { done, inProgress, skipped, total } = view.summary.overall;
  const handled = done + skipped;
  return `${progressBar(handled, total)} **${percent(handled, total)}%** · ${done} done · ${inProgress} in progress · ${skipped} skipped · ${total} steps`;
}

function stageOptions(roadmap: Roadmap, view: MemberRoadmap) {
  return roadmap.stages.map((stage, index) => {
    const counts = view.summary.stages[index];
    return {
      label: `${index + 1}. ${stage.title}`,
      value: stage.id,
      emoji: { name: stage.emoji },
      description: counts ? `${counts.done + counts.skipped}/${counts.total} handled` : undefined,
    };
  });
}

/** `/roadmap`: every stage with the member's progress, the suggested next step and navigation. */
export function renderOverview(roadmap: Roadmap, view: MemberRoadmap, ownerId: string): RenderedMessage {
  const next = view.summary.nextStepId;
  const nextStep = next ? roadmap.stages.flatMap((s) => s.steps).find((s) => s.id === next) : undefined;
  const lines = [
    'Your path to a first backend-developer job, one step at a time.',
    `🆕 **Edition ${roadmap.edition.edition}:** ${roadmap.edition.whatsNew}`,
    '',
    overallLine(view),
    `Language track: ${view.track ? `**${view.track.name}**` : 'not chosen yet — pick one with `/roadmap track:`'}`,
    '',
    nextStep
      ? `**Suggested next step:** ${nextStep.title}\n${nextStep.summary}`
      : '🎉 **Every step is handled.** Keep applying and keep learning!',
  ];
  const embed: APIEmbed = {
    title: '🗺️ Your roadmap',
    description: clip(lines.join('\n'), 4096),
    color: Colors.brand,
    fields: roadmap.stages.slice(0, 25).map((stage, index) => {
      const counts = view.summary.stages[index] ?? {
        done: 0,
        skipped: 0,
        inProgress: 0,
        total: stage.steps.length,
      };
      const handled = counts.done + counts.skipped;
      return field(
        `${stage.emoji} ${index + 1}. ${stage.title}`,
        `${progressBar(handled, counts.total, 8)} ${handled}/${counts.total}${counts.inProgress ? ` · ${counts.inProgress} in progress` : ''}`,
        true,
      );
    }),
    footer: { text: FOOTER },
  };
  const buttons = [
    ...(nextStep
      ? [
          button(roadmapIds.openStep.build(ownerId, nextStep.id), `Next: ${nextStep.title}`, {
            style: ButtonStyle.Primary,
            emoji: '➡️',
          }),
        ]
      : []),
    button(roadmapIds.progress.build(ownerId), 'My progress', { emoji: '📈' }),
  ];
  return {
    embeds: [embed],
    components: [
      row(select(roadmapIds.stageMenu.build(ownerId), 'Open a stage…', stageOptions(roadmap, view))),
      row(...buttons),
    ],
  };
}

/** One stage: its steps with the member's status and a menu to open one. */
export function renderStage(
  roadmap: Roadmap,
  view: MemberRoadmap,
  stageId: string,
  ownerId: string,
): RenderedMessage | undefined {
  const index = roadmap.stages.findIndex((stage) => stage.id === stageId);
  const stage = roadmap.stages[index];
  if (!stage) return undefined;
  const counts = view.summary.stages[index];
  const handled = counts ? counts.done + counts.skipped : 0;
  const stepLines = stage.steps.map(
    (step, i) => `${StatusIcon[statusOf(view, step.id)]} ${i + 1}. **${step.title}**`,
  );
  const embed: APIEmbed = {
    title: clip(`${stage.emoji} Stage ${index + 1} of ${roadmap.stages.length}: ${stage.title}`, 256),
    description: clip(
      [
        stage.summary,
        '',
        `${progressBar(handled, stage.steps.length)} ${handled}/${stage.steps.length} handled`,
        '',
        ...stepLines,
      ].join('\n'),
      4096,
    ),
    color: Colors.brand,
    footer: { text: '✅ done · 🔄 in progress · ⏭️ skipped · ⬜ not started' },
  };
  const previous = roadmap.stages[index - 1];
  const next = roadmap.stages[index + 1];
  const stepOptions = stage.steps.map((step) => ({
    label: step.title,
    value: step.id,
    emoji: { name: StatusIcon[statusOf(view, step.id)] },
    description: step.summary,
  }));
  return {
    embeds: [embed],
    components: [
      row(select(roadmapIds.stepMenu.build(ownerId), 'Open a step…', stepOptions)),
      row(
        button(roadmapIds.openStage.build(ownerId, previous?.id ?? stage.id), 'Previous stage', {
          emoji: '◀️',
          disabled: !previous,
        }),
        button(roadmapIds.openStage.build(ownerId, next?.id ?? `${stage.id}-`), 'Next stage', {
          emoji: '▶️',
          disabled: !next,
        }),
        button(roadmapIds.overview.build(ownerId), 'Overview', { emoji: '🗺️' }),
      ),
    ],
  };
}

function trackField(step: Step, track: Track | undefined): APIEmbedField | undefined {
  if (!step.trackAware) return undefined;
  if (!track)
    return field(
      'Your language track',
      'Choose a language with `/roadmap track:` to see the frameworks and tools that go with it.',
    );
  return field(
    `Your track: ${track.name}`,
    [
      `**Frameworks:** ${track.frameworks.join(', ')}`,
      `**Data and ORMs:** ${track.dataTools.join(', ')}`,
      `**Testing:** ${track.testing.join(', ')}`,
      `**Tools:** ${track.tools.join(', ')}`,
    ].join('\n'),
  );
}

function statusLine(state: StepState | undefined): string {
  if (!state) return `${StatusIcon.not_started} Not started`;
  const when =
    state.status === 'done' && state.completedAt
      ? ` ${timestamp(state.completedAt, 'D')}`
      : ` · updated ${timestamp(state.updatedAt, 'R')}`;
  const proof = state.proofUrl ? `\n🔗 Proof: ${proofLinkText(state.proofUrl)}` : '';
  return `${StatusIcon[state.status]} ${StatusText[state.status]}${when}${proof}`;
}

/** A step card: what, why, how to practise, checklist, resources, the member's track and status. */
export function renderStep(
  roadmap: Roadmap,
  view: StepView,
  location: StepLocation,
  ownerId: string,
  neighbours: { previous: Step | undefined; next: Step | undefined },
): RenderedMessage {
  const { step, stage, stageIndex, index } = location;
  const state = view.states.get(step.id);
  const status = state?.status ?? 'not_started';
  const resources = step.resources.map(
    (r) => `${r.url ? `[${r.name}](${r.url})` : `**${r.name}**`} · ${r.kind}`,
  );
  const fields = [
    field('Status', statusLine(state)),
    field('Why it matters', step.why),
    field('How to practise', step.practice),
    field('Checklist', bullet(step.checklist)),
    ...(resources.length ? [field('Resources', bullet(resources))] : []),
    ...[trackField(step, view.track)].filter((f): f is APIEmbedField => f !== undefined),
  ];
  const embed: APIEmbed = {
    author: { name: clip(`${stage.emoji} Stage ${stageIndex + 1}: ${stage.title}`, 256) },
    title: clip(`${StatusIcon[status]} ${step.title}`, 256),
    description: clip(step.summary, 4096),
    color: StatusColor[status],
    fields,
    footer: { text: `Step ${index + 1} of ${stepCount(roadmap)} · id: ${step.id}` },
  };
  const act = (action: StepAction) => roadmapIds.setStep.build(ownerId, step.id, action);
  const { previous, next } = neighbours;
  return {
    embeds: [embed],
    components: [
      row(
        button(act('done'), 'Done', { style: ButtonStyle.Success, emoji: '✅', disabled: status === 'done' }),
        button(roadmapIds.proof.build(ownerId, step.id), status === 'done' ? 'Proof link' : 'Done + link', {
          emoji: '🔗',
        }),
        button(act('in_progress'), 'In progress', {
          style: ButtonStyle.Primary,
          emoji: '🔄',
          disabled: status === 'in_progress',
        }),
        button(act('skip'), 'Skip', { emoji: '⏭️', disabled: status === 'skipped' }),
        button(act('reset'), 'Reset', {
          style: ButtonStyle.Danger,
          emoji: '↩️',
          disabled: status === 'not_started',
        }),
      ),
      row(
        button(roadmapIds.openStep.build(ownerId, previous?.id ?? `${step.id}-prev`), 'Previous', {
          emoji: '◀️',
          disabled: !previous,
        }),
        button(roadmapIds.openStep.build(ownerId, next?.id ?? `${step.id}-next`), 'Next', {
          emoji: '▶️',
          disabled: !next,
        }),
        button(roadmapIds.openStage.build(ownerId, stage.id), 'Stage', { emoji: stage.emoji }),
        button(roadmapIds.overview.build(ownerId), 'Overview', { emoji: '🗺️' }),
      ),
    ],
  };
}

/** `/progress`: per stage, overall, recent activity and proof links gathered as a portfolio. */
export function renderProgress(
  roadmap: Roadmap,
  view: MemberRoadmap,
  displayName: string,
  isSelf: boolean,
): APIEmbed {
  const titles = new Map(
    roadmap.stages.flatMap((stage) => stage.steps.map((step) => [step.id, step.title] as const)),
  );
  const recent = [...view.states.entries()]
    .sort(([, a], [, b]) => b.updatedAt - a.updatedAt)
    .slice(0, 5)
    .map(
      ([id, state]) =>
        `${StatusIcon[state.status]} ${titles.get(id) ?? id} · ${timestamp(state.updatedAt, 'R')}`,
    );
  const portfolio = [...view.states.entries()]
    .filter(([, state]) => state.status === 'done' && state.proofUrl)
    .sort(([, a], [, b]) => (a.completedAt ?? 0) - (b.completedAt ?? 0))
    .map(([id, state]) => `**${titles.get(id) ?? id}** — ${proofLinkText(state.proofUrl ?? '')}`);
  const stageLines = roadmap.stages.map((stage, index) => {
    const counts = view.summary.stages[index];
    const handled = counts ? counts.done + counts.skipped : 0;
    return `${stage.emoji} ${progressBar(handled, stage.steps.length, 8)} ${handled}/${stage.steps.length} ${stage.title}`;
  });
  const privacy = isSelf
    ? view.profile.shareProgress
      ? 'Shared: other members can see this with /progress member:. Make it private with /progress allow-others:False.'
      : 'Private: only you can see this. Let others see it with /progress allow-others:True.'
    : 'Shared by this member.';
  return {
    title: clip(`📈 Progress — ${memberText(displayName)}`, 256),
    description: clip(
      [overallLine(view), view.track ? `Language track: **${view.track.name}**` : undefined]
        .filter(Boolean)
        .join('\n'),
      4096,
    ),
    color: Colors.brand,
    fields: [
      field('Stages', stageLines.join('\n')),
      field(
        'Recent activity',
        recent.length ? recent.join('\n') : 'Nothing yet. Open `/roadmap` and mark a step.',
      ),
      field(
        'Portfolio',
        portfolio.length ? bullet(portfolio) : 'No proof links yet. Use **Done + link** on a step card.',
      ),
    ],
    footer: { text: privacy },
  };
}

export function stageTitle(stage: Stage, index: number): string {
  return `${stage.emoji} ${index + 1}. ${stage.title}`;
}

/** The "My progress" card opened from the overview, with the way back. */
export function renderProgressCard(
  roadmap: Roadmap,
  view: MemberRoadmap,
  name: string,
  ownerId: string,
): RenderedMessage {
  return {
    embeds: [renderProgress(roadmap, view, name, true)],
    components: [row(button(roadmapIds.overview.build(ownerId), 'Overview', { emoji: '🗺️' }))],
  };
}

/** "Done + link": one optional field for a link that shows the work. */
export function renderProofModal(
  ownerId: string,
  step: Pick<Step, 'id' | 'title'>,
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: roadmapIds.proofSubmit.build(ownerId, step.id),
    title: clip(`Done: ${step.title}`, 45),
    components: [
      {
        type: ComponentType.Label,
        label: 'Proof link (optional)',
        description: 'A repository, pull request, deployed app or post that shows your work.',
        component: {
          type: ComponentType.TextInput,
          custom_id: 'url',
          style: TextInputStyle.Short,
          required: false,
          max_length: 300,
          placeholder: 'https://github.com/you/project',
        },
      },
    ],
  };
}
