import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { hasLeftServer } from '../src/services/members.js';
import { serverAndDmCommand } from '../src/discord/command-builders.js';
import {
  defineComponent,
  isButton,
  isModalSubmit,
  type CommandModule,
  type CommandRun,
} from '../src/discord/command.js';
import type { AppContext } from '../src/discord/context.js';
import { UserFacingError } from '../src/discord/errors.js';
import { textField } from '../src/discord/options.js';
import { checkinIds } from '../src/discord/custom-ids.js';
import {
  CHECKIN_OF_ANOTHER_SERVER,
  CHECKINS_CLOSED_TO_FORMER_MEMBER,
  CHECKINS_LEFT,
  renderJoined,
  renderLeftEverywhere,
  renderPaused,
  renderResumed,
} from '../src/discord/render/checkin-replies.js';
import { renderCheckinModal, renderConfirmation, renderStatus } from '../src/discord/render/checkins.js';
import { sendWelcomeDm } from '../src/services/checkin-rounds.js';
import {
  checkinForm,
  getConfigOrNone,
  joinMember,
  leaveEverywhere,
  leaveMember,
  memberStatus,
  pauseMember,
  resumeMember,
  submitAnswer,
} from '../src/services/checkins.js';

const ephemeral = (content: string) => ({ content, flags: MessageFlags.Ephemeral as const });

const join: CommandRun = async (interaction, ctx) => {
  const { guildId, user } = interaction;
  const now = ctx.clock.now();
  // The test DM can take a moment; answer within Discord's 3 seconds first.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { rejoined } = await joinMember(ctx, guildId, user.id, now);
  const config = await getConfigOrNone(ctx, guildId);
  // The test DM is sent by the work engine (a failure for a moment is retried); the reply waits a bounded time.
  const welcome =
    !config || config.delivery === 'dm' ? await sendWelcomeDm(ctx, guildId, user.id, now) : undefined;
  const nextPromptAt = config ? (await memberStatus(ctx, guildId, user.id, now)).nextPromptAt : undefined;
  await interaction.editReply({ content: renderJoined({ rejoined, config, welcome, nextPromptAt }) });
};

async function openForm(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  ctx: AppContext,
  guildId: string,
  roundKey: string | undefined,
): Promise<void> {
  const form = await checkinForm(ctx, guildId, interaction.user.id, roundKey, ctx.clock.now());
  await interaction.showModal(renderCheckinModal(guildId, form.window, form.existing, form.completedSteps));
}

/** `/checkin leave` in a DM with the bot: no server to name, so every server's check-ins (ex-members too). */
async function leaveFromDm(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  const left = await leaveEverywhere(ctx, interaction.user.id);
  await interaction.reply(ephemeral(renderLeftEverywhere(left.map((id) => ctx.guildName(id)))));
}

/** Someone who left a server answers an old prompt in their DMs: the server's check-ins are closed to them. */
async function assertStillMember(ctx: AppContext, guildId: string, userId: string): Promise<void> {
  if (await hasLeftServer(ctx, guildId, userId)) throw new UserFacingError(CHECKINS_CLOSED_TO_FORMER_MEMBER);
}

/** `/checkin leave`: this server's check-ins, or from a DM every server's. */
async function leave(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  if (!interaction.inGuild()) return leaveFromDm(interaction, ctx);
  await leaveMember(ctx, interaction.guildId, interaction.user.id);
  await interaction.reply(ephemeral(CHECKINS_LEFT));
}

const subcommands: Record<string, CommandRun> = {
  join,
  async pause(interaction, ctx) {
    const weeks = interaction.options.getInteger('weeks', true);
    const until = await pauseMember(ctx, interaction.guildId, interaction.user.id, weeks, ctx.clock.now());
    await interaction.reply(ephemeral(renderPaused(until)));
  },
  async resume(interaction, ctx) {
    const wasPaused = await resumeMember(ctx, interaction.guildId, interaction.user.id);
    await interaction.reply(ephemeral(renderResumed(wasPaused)));
  },
  async status(interaction, ctx) {
    const now = ctx.clock.now();
    await interaction.reply({
      embeds: [renderStatus(await memberStatus(ctx, interaction.guildId, interaction.user.id, now), now)],
      flags: MessageFlags.Ephemeral,
    });
  },
  now: (interaction, ctx) => openForm(interaction, ctx, interaction.guildId, undefined),
};

const components = [
  defineComponent(checkinIds.answer, {
    allowInDm: true,
    accepts: isButton,
    async run(interaction: ButtonInteraction, [guildId, roundKey], ctx) {
      // On a DM the guild comes from the id; in a server it must match the server the button is in.
      if (interaction.guildId && interaction.guildId !== guildId)
        throw new UserFacingError(CHECKIN_OF_ANOTHER_SERVER);
      await assertStillMember(ctx, guildId, interaction.user.id);
      await openForm(interaction, ctx, guildId, roundKey);
    },
  }),
  defineComponent(checkinIds.submit, {
    allowInDm: true,
    accepts: isModalSubmit,
    async run(interaction: ModalSubmitInteraction, [guildId, roundKey], ctx) {
      if (interaction.guildId && interaction.guildId !== guildId)
        throw new UserFacingError(CHECKIN_OF_ANOTHER_SERVER);
      await assertStillMember(ctx, guildId, interaction.user.id);
      const fields: Record<string, string> = {};
      for (const name of ['done', 'nextGoal', 'blockers', 'applications', 'interviews']) {
        fields[name] = textField(interaction, name);
      }
      const result = await submitAnswer(ctx, guildId, interaction.user.id, roundKey, fields, ctx.clock.now());
      await interaction.reply(ephemeral(renderConfirmation(result.created, result.window, result.streak)));
    },
  }),
];

export const checkin: CommandModule = {
  data: serverAndDmCommand('checkin', 'Weekly accountability check-ins: what you did, what comes next')
    .addSubcommand((s) =>
      s.setName('join').setDescription('Get a weekly check-in prompt (by DM, or in the channel)'),
    )
    .addSubcommand((s) => s.setName('leave').setDescription('Stop getting weekly check-in prompts'))
    .addSubcommand((s) =>
      s
        .setName('pause')
        .setDescription('Take a break: no prompts, and your streak is frozen, not broken')
        .addIntegerOption((o) =>
          o
            .setName('weeks')
            .setDescription('How many weeks (1 to 8)')
            .setRequired(true)
            .setMinValue(1)
            .setMaxValue(8),
        ),
    )
    .addSubcommand((s) => s.setName('resume').setDescription('End your break early'))
    .addSubcommand((s) =>
      s.setName('status').setDescription('Your streak, last answers and next prompt time'),
    )
    .addSubcommand((s) =>
      s.setName('now').setDescription('Answer this week’s check-in now, or edit your answer'),
    )
    .toJSON(),
  subcommands,
  dmSubcommands: { leave },
  components,
};
