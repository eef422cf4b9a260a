import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { serverCommand } from '../src/discord/command-builders.js';
import { deliverFeedback } from '../src/services/interview-feedback-delivery.js';
import { LEVELS } from '../src/domain/interviews/pairing-types.js';
import { competenciesMatching } from '../src/domain/interviews/questions.js';
import { COMPETENCIES } from '../src/domain/questions/schema.js';
import { searchZones } from '../src/domain/time/zones.js';
import {
  defineComponent,
  isButton,
  isModalSubmit,
  type CommandModule,
  type CommandRun,
} from '../src/discord/command.js';
import { interviewIds } from '../src/discord/custom-ids.js';
import type { AppContext } from '../src/discord/context.js';
import { requireGuildId } from '../src/discord/errors.js';
import { choiceOption } from '../src/discord/options.js';
import {
  renderFeedbackModal,
  renderFeedbackSaved,
  renderInterviewerNotes,
  renderMyFeedback,
} from '../src/discord/render/interviews/feedback.js';
import {
  renderHistory,
  renderJoined,
  renderLeft,
  renderMeetingNoted,
  renderFocusChoices,
  renderQuestion,
  renderSkipped,
  renderStatus,
} from '../src/discord/render/interviews/member.js';
import {
  feedbackForMe,
  feedbackTarget,
  interviewerNotes,
  submitFeedback,
} from '../src/services/interview-feedback.js';
import { recordMeeting } from '../src/services/interview-meetings.js';
import { joinPool, leavePool, skipNextRound } from '../src/services/interview-pool.js';
import { practiceQuestion } from '../src/services/interview-practice.js';
import { memberHistory, memberStatus } from '../src/services/interview-status.js';

const ephemeral = MessageFlags.Ephemeral;

const subcommands: Record<string, CommandRun> = {
  async join(interaction, ctx) {
    const { guildId, user } = interaction;
    const now = ctx.clock.now();
    const focus = interaction.options.getString('focus');
    const level = choiceOption(interaction, 'level', LEVELS);
    const timezone = interaction.options.getString('timezone');
    const { member, status } = await joinPool(
      ctx,
      guildId,
      user.id,
      {
        ...(focus !== null ? { focus } : {}),
        ...(level !== null ? { level } : {}),
        ...(timezone !== null ? { timezone } : {}),
      },
      now,
    );
    const state = await memberStatus(ctx, guildId, user.id, now);
    await interaction.reply({
      content: renderJoined(status, member, state.config, state.nextRoundAt),
      flags: ephemeral,
    });
  },
  async leave(interaction, ctx) {
    await leavePool(ctx, interaction.guildId, interaction.user.id, ctx.clock.now());
    await interaction.reply({ content: renderLeft(), flags: ephemeral });
  },
  async skip(interaction, ctx) {
    const changed = await skipNextRound(ctx, interaction.guildId, interaction.user.id);
    await interaction.reply({ content: renderSkipped(changed), flags: ephemeral });
  },
  async status(interaction, ctx) {
    const status = await memberStatus(ctx, interaction.guildId, interaction.user.id, ctx.clock.now());
    await interaction.reply({ embeds: [renderStatus(status)], flags: ephemeral });
  },
  async history(interaction, ctx) {
    const history = await memberHistory(ctx, interaction.guildId, interaction.user.id);
    await interaction.reply({ embeds: [renderHistory(history)], flags: ephemeral });
  },
  async question(interaction, ctx) {
    const competency = choiceOption(interaction, 'competency', COMPETENCIES) ?? undefined;
    const question = await practiceQuestion(
      ctx,
      interaction.guildId,
      interaction.user.id,
      competency,
      Math.random,
    );
    await interaction.reply({ embeds: [renderQuestion(question, ctx.questions)], flags: ephemeral });
  },
};

async function autocomplete(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).slice(0, 100);
  if (focused.name === 'timezone') {
    await interaction.respond(
      searchZones(typed, ctx.clock.now()).map((zone) => ({ name: zone.label, value: zone.zone })),
    );
    return;
  }
  if (focused.name === 'focus') {
    await interaction.respond(renderFocusChoices(typed, competenciesMatching(ctx.questions, typed)));
    return;
  }
  await interaction.respond([]);
}

async function recordAndTell(
  interaction: ButtonInteraction,
  groupId: number,
  outcome: 'met' | 'missed',
  ctx: AppContext,
): Promise<void> {
  await recordMeeting(
    ctx,
    requireGuildId(interaction),
    groupId,
    interaction.user.id,
    outcome,
    ctx.clock.now(),
  );
  await interaction.reply({ content: renderMeetingNoted(outcome), flags: ephemeral });
}

function displayName(interaction: ModalSubmitInteraction | ButtonInteraction, userId: string): string {
  const member = interaction.guild?.members.cache.get(userId);
  return member?.displayName ?? interaction.client.users.cache.get(userId)?.displayName ?? 'your candidate';
}

const components = [
  defineComponent(interviewIds.met, {
    accepts: isButton,
    run: (interaction: ButtonInteraction, [groupId], ctx) => recordAndTell(interaction, groupId, 'met', ctx),
  }),
  defineComponent(interviewIds.missed, {
    accepts: isButton,
    run: (interaction: ButtonInteraction, [groupId], ctx) =>
      recordAndTell(interaction, groupId, 'missed', ctx),
  }),
  defineComponent(interviewIds.feedback, {
    accepts: isButton,
    async run(interaction: ButtonInteraction, [groupId], ctx) {
      const target = await feedbackTarget(ctx, requireGuildId(interaction), groupId, interaction.user.id);
      await interaction.showModal(
        renderFeedbackModal(groupId, displayName(interaction, target.candidateId), target.existing),
      );
    },
  }),
  defineComponent(interviewIds.submitFeedback, {
    accepts: isModalSubmit,
    async run(interaction: ModalSubmitInteraction, [groupId], ctx) {
      const guildId = requireGuildId(interaction);
      const fields = {
        ratings: interaction.fields.getTextInputValue('ratings'),
        strength: interaction.fields.getTextInputValue('strength'),
        improve: interaction.fields.getTextInputValue('improve'),
      };
      const saved = await submitFeedback(ctx, guildId, groupId, interaction.user.id, fields, ctx.clock.now());
      // Saved first, answered in time, then delivered (by the work engine, which retries a DM that failed
      // for a moment): a slow DM must not lose the feedback.
      await interaction.deferReply({ flags: ephemeral });
      const via = await deliverFeedback(ctx, saved.feedback, !saved.created, ctx.clock.now());
      if (via !== 'dm') ctx.logger.info({ guildId, outcome: via }, 'feedback not delivered by DM');
      await interaction.editReply({ content: renderFeedbackSaved(saved.candidateId, saved.created, via) });
    },
  }),
  defineComponent(interviewIds.myFeedback, {
    accepts: isButton,
    async run(interaction: ButtonInteraction, [groupId], ctx) {
      const feedback = await feedbackForMe(ctx, requireGuildId(interaction), groupId, interaction.user.id);
      await interaction.reply({ ...renderMyFeedback(feedback), flags: ephemeral });
    },
  }),
  defineComponent(interviewIds.notes, {
    accepts: isButton,
    async run(interaction: ButtonInteraction, [groupId], ctx) {
      const notes = await interviewerNotes(ctx, requireGuildId(interaction), groupId, interaction.user.id);
      await interaction.reply({
        embeds: [renderInterviewerNotes(notes.candidateId, notes.questions)],
        flags: ephemeral,
      });
    },
  }),
];

export const interview: CommandModule = {
  data: serverCommand('interview', 'Practise behavioural interviews in pairs, answering with STAR')
    .addSubcommand((s) =>
      s
        .setName('join')
        .setDescription('Join the mock-interview pool (or change your preferences); you stay until you leave')
        .addStringOption((o) =>
          o
            .setName('focus')
            .setDescription('A competency such as teamwork, or a few words (up to 50 characters)')
            .setMaxLength(50)
            .setAutocomplete(true),
        )
        .addStringOption((o) =>
          o
            .setName('level')
            .setDescription('How much interview practice you have had')
            .addChoices(...LEVELS.map((level) => ({ name: level, value: level }))),
        )
        .addStringOption((o) =>
          o
            .setName('timezone')
            .setDescription('Your time zone, to be paired with people awake when you are')
            .setAutocomplete(true),
        ),
    )
    .addSubcommand((s) => s.setName('leave').setDescription('Leave the pool: you will not be paired again'))
    .addSubcommand((s) => s.setName('skip').setDescription('Sit out the next round only'))
    .addSubcommand((s) =>
      s
        .setName('status')
        .setDescription('Whether you are in the pool, your current partner and the next round'),
    )
    .addSubcommand((s) =>
      s
        .setName('history')
        .setDescription('Your past partners, the feedback you received and your average per STAR part'),
    )
    .addSubcommand((s) =>
      s
        .setName('question')
        .setDescription('A practice question with a short STAR guide, only for you')
        .addStringOption((o) =>
          o
            .setName('competency')
            .setDescription('What the question is about')
            .addChoices(...COMPETENCIES.map((c) => ({ name: c, value: c }))),
        ),
    )
    .toJSON(),
  subcommands,
  autocomplete,
  components,
};
