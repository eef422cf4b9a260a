import { ChannelType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { adminCommand } from '../src/discord/command-builders.js';
import type { CommandModule, CommandRun, GuildCommandInteraction } from '../src/discord/command.js';
import { requiredChoice } from '../src/discord/options.js';
import { UserFacingError } from '../src/discord/errors.js';
import { missingChannelPermissions } from '../src/discord/permissions.js';
import {
  INTERVIEW_CHANNEL_NOT_TEXT,
  renderCannotRunRoundsIn,
  renderPreview,
  renderRoundStarted,
  renderSetupDone,
  renderStats,
} from '../src/discord/render/interviews/admin.js';
import { previewRound, startRoundNow } from '../src/services/interview-round-progress.js';
import { validateSetup } from '../src/domain/interviews/inputs.js';
import { CADENCES } from '../src/domain/interviews/types.js';
import { interviewConfigOrNone, configureInterviews } from '../src/services/interview-config.js';
import { interviewStats } from '../src/services/interview-status.js';
import { addScheduleOptions, autocompleteTimeZone } from '../src/discord/schedule-options.js';

const ephemeral = MessageFlags.Ephemeral;

/** Every round creates private threads there, so a channel the bot cannot use is refused up front. */
async function assertUsableChannel(interaction: GuildCommandInteraction, channelId: string): Promise<void> {
  const missing = await missingChannelPermissions(interaction.client, interaction.guildId, channelId, [
    PermissionFlagsBits.ViewChannel,
    PermissionFlagsBits.SendMessages,
    PermissionFlagsBits.CreatePrivateThreads,
    PermissionFlagsBits.SendMessagesInThreads,
  ]);
  if (missing.length > 0) throw new UserFacingError(renderCannotRunRoundsIn(channelId, missing));
}

const subcommands: Record<string, CommandRun> = {
  async setup(interaction, ctx) {
    const { guildId } = interaction;
    const now = ctx.clock.now();
    const channel = interaction.options.getChannel('channel', true);
    if (channel.type !== ChannelType.GuildText) throw new UserFacingError(INTERVIEW_CHANNEL_NOT_TEXT);
    const input = {
      channelId: channel.id,
      weekday: interaction.options.getString('day', true),
      time: interaction.options.getString('time', true),
      timezone: interaction.options.getString('timezone', true),
      cadence: requiredChoice(interaction, 'cadence', CADENCES),
    };
    // Cheap checks first, so a typo in the time is reported without a round trip to Discord.
    validateSetup(input);
    await assertUsableChannel(interaction, channel.id);
    const { config, nextRoundAt } = await configureInterviews(ctx, guildId, input, interaction.user.id, now);
    await interaction.reply({ content: renderSetupDone(config, nextRoundAt), flags: ephemeral });
  },
  async 'pair-now'(interaction, ctx) {
    const { guildId } = interaction;
    const now = ctx.clock.now();
    if (interaction.options.getBoolean('dry-run') ?? false) {
      const plan = await previewRound(ctx, guildId, now);
      await interaction.reply({ content: renderPreview(plan), flags: ephemeral });
      return;
    }
    // Creating threads for many groups takes longer than Discord's three seconds. The work engine sets
    // them up; the reply waits a bounded time to tell how it went.
    await interaction.deferReply({ flags: ephemeral });
    const progress = await startRoundNow(ctx, guildId, now);
    await interaction.editReply({
      content: renderRoundStarted({ roundKey: progress.round.key, ...progress }),
    });
  },
  async stats(interaction, ctx) {
    const { guildId } = interaction;
    const [stats, config] = await Promise.all([
      interviewStats(ctx, guildId),
      interviewConfigOrNone(ctx, guildId),
    ]);
    await interaction.reply({ embeds: [renderStats(stats, config)], flags: ephemeral });
  },
};

export const interviewAdmin: CommandModule = {
  adminOnly: true,
  data: adminCommand('interview-admin', 'Schedule and run the mock-interview rounds (Manage Server)')
    .addSubcommand((s) =>
      addScheduleOptions(
        s
          .setName('setup')
          .setDescription('Where and when rounds run: each round pairs the pool in private threads')
          .addChannelOption((o) =>
            o
              .setName('channel')
              .setDescription('Text channel where the private threads are created')
              .addChannelTypes(ChannelType.GuildText)
              .setRequired(true),
          ),
        'rounds start',
        '18:00',
      ).addStringOption((o) =>
        o
          .setName('cadence')
          .setDescription('How often rounds run')
          .setRequired(true)
          .addChoices({ name: 'weekly', value: 'weekly' }, { name: 'every two weeks', value: 'biweekly' }),
      ),
    )
    .addSubcommand((s) =>
      s
        .setName('pair-now')
        .setDescription('Run this cycle’s round now instead of at its start time')
        .addBooleanOption((o) =>
          o.setName('dry-run').setDescription('Only show the pairs, to you; nothing is sent or saved'),
        ),
    )
    .addSubcommand((s) =>
      s.setName('stats').setDescription('Rounds, groups made, meeting rate and feedback given'),
    )
    .toJSON(),
  subcommands,
  autocomplete: autocompleteTimeZone,
};
