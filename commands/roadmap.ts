import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { serverCommand } from '../src/discord/command-builders.js';
import { ProofUrlSchema } from '../src/domain/progress/progress.js';
import { nextStep, previousStep, searchSteps, locateStep } from '../src/domain/roadmap/roadmap.js';
import { TRACK_IDS } from '../src/domain/roadmap/schema.js';
import {
  defineComponent,
  isButton,
  isModalSubmit,
  isStringSelect,
  type CommandModule,
} from '../src/discord/command.js';
import type { AppContext } from '../src/discord/context.js';
import { roadmapIds } from '../src/discord/custom-ids.js';
import { requireGuildId, UserFacingError } from '../src/discord/errors.js';
import { assertOwner, textField } from '../src/discord/options.js';
import { clip } from '../src/discord/render/theme.js';
import {
  renderOverview,
  renderProgressCard,
  renderProofModal,
  renderStage,
  renderStep,
  type RenderedMessage,
} from '../src/discord/render/roadmap.js';
import {
  changeStep,
  loadMemberRoadmap,
  loadStepView,
  requireStep,
  setTrack,
} from '../src/services/roadmap.js';

const TRACK_NAMES: Record<(typeof TRACK_IDS)[number], string> = {
  python: 'Python',
  javascript: 'JavaScript / Node.js',
  java: 'Java',
  ruby: 'Ruby',
  php: 'PHP',
  go: 'Go',
  csharp: 'C#',
};

type Member = { guildId: string; userId: string };
const memberOf = (interaction: { guildId: string | null; user: { id: string } }): Member => ({
  guildId: requireGuildId(interaction),
  userId: interaction.user.id,
});

async function overviewFor(ctx: AppContext, member: Member): Promise<RenderedMessage> {
  return renderOverview(ctx.roadmap, await loadMemberRoadmap(ctx, member), member.userId);
}

async function stepCardFor(
  ctx: AppContext,
  member: Member,
  ownerId: string,
  stepId: string,
): Promise<RenderedMessage> {
  const location = requireStep(ctx.roadmap, stepId);
  const view = await loadStepView(ctx, member, stepId);
  return renderStep(ctx.roadmap, view, location, ownerId, {
    previous: previousStep(ctx.roadmap, stepId),
    next: nextStep(ctx.roadmap, stepId),
  });
}

/** Free text typed without picking a suggestion still finds the closest step. */
function resolveStep(ctx: AppContext, query: string): string {
  const trimmed = query.trim();
  if (locateStep(ctx.roadmap, trimmed)) return trimmed;
  const best = searchSteps(ctx.roadmap, trimmed, 1)[0];
  if (!best || trimmed === '')
    throw new UserFacingError(
      `No step matches “${clip(trimmed, 80)}”. Start typing and pick one from the list, or run \`/roadmap\` to browse.`,
    );
  return best.id;
}

async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  const member = memberOf(interaction);
  const stepQuery = interaction.options.getString('step');
  const trackId = interaction.options.getString('track');
  const isPublic = interaction.options.getBoolean('public') ?? false;
  let notice: string | undefined;
  if (trackId !== null && !(TRACK_IDS as readonly string[]).includes(trackId))
    throw new UserFacingError('Pick a language from the list.');
  // Every option is checked before anything is saved: an unknown step must not leave the track changed.
  const stepId = stepQuery !== null ? resolveStep(ctx, stepQuery) : null;
  if (trackId !== null) {
    const track = await setTrack(ctx, member, trackId, ctx.clock.now());
    notice = `Language track set to **${track.name}**. Steps about languages and frameworks now show it.`;
  }
  const message =
    stepId !== null ? await stepCardFor(ctx, member, member.userId, stepId) : await overviewFor(ctx, member);
  await interaction.reply({
    ...message,
    ...(notice ? { content: notice } : {}),
    flags: isPublic ? undefined : MessageFlags.Ephemeral,
  });
}

async function autocomplete(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'step') return interaction.respond([]);
  const steps = searchSteps(ctx.roadmap, String(focused.value).slice(0, 100), 25);
  await interaction.respond(
    steps.map((step) => {
      const stage = locateStep(ctx.roadmap, step.id)?.stage;
      return { name: clip(stage ? `${step.title} · ${stage.title}` : step.title, 100), value: step.id };
    }),
  );
}

const components = [
  defineComponent(roadmapIds.overview, {
    accepts: isButton,
    async run(interaction: ButtonInteraction, [owner], ctx) {
      assertOwner(owner, interaction.user.id);
      await interaction.update(await overviewFor(ctx, memberOf(interaction)));
    },
  }),
  defineComponent(roadmapIds.progress, {
    accepts: isButton,
    async run(interaction: ButtonInteraction, [owner], ctx) {
      assertOwner(owner, interaction.user.id);
      const view = await loadMemberRoadmap(ctx, memberOf(interaction));
      await interaction.update(renderProgressCard(ctx.roadmap, view, interaction.user.displayName, owner));
    },
  }),
  defineComponent(roadmapIds.stageMenu, {
    accepts: isStringSelect,
    async run(interaction: StringSelectMenuInteraction, [owner], ctx) {
      assertOwner(owner, interaction.user.id);
      await showStage(interaction, ctx, owner, interaction.values[0] ?? '');
    },
  }),
  defineComponent(roadmapIds.openStage, {
    accepts: isButton,
    async run(interaction: ButtonInteraction, [owner, stageId], ctx) {
      assertOwner(owner, interaction.user.id);
      await showStage(interaction, ctx, owner, stageId);
    },
  }),
  defineComponent(roadmapIds.stepMenu, {
    accepts: isStringSelect,
    async run(interaction: StringSelectMenuInteraction, [owner], ctx) {
      assertOwner(owner, interaction.user.id);
      await interaction.update(
        await stepCardFor(ctx, memberOf(interaction), owner, interaction.values[0] ?? ''),
      );
    },
  }),
  defineComponent(roadmapIds.openStep, {
    accepts: isButton,
    async run(interaction: ButtonInteraction, [owner, stepId], ctx) {
      assertOwner(owner, interaction.user.id);
      await interaction.update(await stepCardFor(ctx, memberOf(interaction), owner, stepId));
    },
  }),
  defineComponent(roadmapIds.setStep, {
    accepts: isButton,
    async run(interaction: ButtonInteraction, [owner, stepId, action], ctx) {
      assertOwner(owner, interaction.user.id);
      requireStep(ctx.roadmap, stepId);
      const member = memberOf(interaction);
      await changeStep(ctx, member, stepId, action, ctx.clock.now());
      await interaction.update(await stepCardFor(ctx, member, owner, stepId));
    },
  }),
  defineComponent(roadmapIds.proof, {
    accepts: isButton,
    async run(interaction: ButtonInteraction, [owner, stepId], ctx) {
      assertOwner(owner, interaction.user.id);
      const location = requireStep(ctx.roadmap, stepId);
      await interaction.showModal(renderProofModal(owner, location.step));
    },
  }),
  defineComponent(roadmapIds.proofSubmit, {
    accepts: isModalSubmit,
    async run(interaction: ModalSubmitInteraction, [owner, stepId], ctx) {
      assertOwner(owner, interaction.user.id);
      requireStep(ctx.roadmap, stepId);
      const raw = textField(interaction, 'url').trim();
      let proof: string | null = null;
      if (raw !== '') {
        const parsed = ProofUrlSchema.safeParse(raw);
        if (!parsed.success)
          throw new UserFacingError(
            `${parsed.error.issues[0]?.message ?? 'That link is not valid.'} Nothing was changed.`,
          );
        proof = parsed.data;
      }
      const member = memberOf(interaction);
      await changeStep(ctx, member, stepId, 'done', ctx.clock.now(), proof);
      const card = await stepCardFor(ctx, member, owner, stepId);
      if (interaction.isFromMessage()) await interaction.update(card);
      else await interaction.reply({ ...card, flags: MessageFlags.Ephemeral });
    },
  }),
];

async function showStage(
  interaction: ButtonInteraction | StringSelectMenuInteraction,
  ctx: AppContext,
  owner: string,
  stageId: string,
): Promise<void> {
  const view = await loadMemberRoadmap(ctx, memberOf(interaction));
  const message = renderStage(ctx.roadmap, view, stageId, owner);
  if (!message)
    throw new UserFacingError(
      'That stage is not in the roadmap any more. Run `/roadmap` to browse the current one.',
    );
  await interaction.update(message);
}

export const roadmap: CommandModule = {
  data: serverCommand('roadmap', 'Your step-by-step path to a first backend job, with your progress')
    .addStringOption((o) =>
      o
        .setName('step')
        .setDescription('Open one step (type to search, e.g. git, sql, docker)')
        .setAutocomplete(true)
        .setMaxLength(100),
    )
    .addStringOption((o) =>
      o
        .setName('track')
        .setDescription('Set your language track (shown on framework and tooling steps)')
        .addChoices(...TRACK_IDS.map((id) => ({ name: TRACK_NAMES[id], value: id }))),
    )
    .addBooleanOption((o) =>
      o.setName('public').setDescription('Post it in the channel for everyone instead of only you'),
    )
    .toJSON(),
  execute,
  autocomplete,
  components,
};
