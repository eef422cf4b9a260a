import { ChannelType, MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { adminCommand } from '../src/discord/command-builders.js';
import type { CommandModule, CommandRun } from '../src/discord/command.js';
import type { AppContext } from '../src/discord/context.js';
import { UserFacingError } from '../src/discord/errors.js';
import {
  renderCannotPostIn,
  renderSendNowReport,
  renderSummaryNowReply,
  SUMMARY_CHANNEL_REFUSED,
} from '../src/discord/render/checkin-replies.js';
import { renderCheckinSetupDone } from '../src/discord/render/checkins.js';
import { choiceOption } from '../src/discord/options.js';
import { missingChannelPermissions } from '../src/discord/permissions.js';
import { addScheduleOptions, autocompleteTimeZone } from '../src/discord/schedule-options.js';
import { postSummaryNow, sendRoundNow } from '../src/services/checkin-rounds.js';
import { DELIVERY_MODES, configureCheckins } from '../src/services/checkins.js';

const setup: CommandRun = async (interaction, ctx) => {
  const channel = interaction.options.getChannel('channel', true);
  const missing = await missingChannelPermissions(interaction.client, interaction.guildId, channel.id, [
    PermissionFlagsBits.ViewChannel,
    PermissionFlagsBits.SendMessages,
    PermissionFlagsBits.EmbedLinks,
  ]);
  if (missing.length) throw new UserFacingError(renderCannotPostIn(channel.id, missing));
  const delivery = choiceOption(interaction, 'delivery', DELIVERY_MODES) ?? 'dm';
  const { config, nextOpensAt } = await configureCheckins(
    ctx,
    interaction.guildId,
    {
      channelId: channel.id,
      weekday: interaction.options.getString('day', true),
      time: interaction.options.getString('time', true),
      timezone: interaction.options.getString('timezone', true),
      reminderLeadHours: interaction.options.getInteger('reminder-hours') ?? 24,
      delivery,
    },
    interaction.user.id,
    ctx.clock.now(),
  );
  await interaction.reply({
    content: renderCheckinSetupDone(config, nextOpensAt),
    flags: MessageFlags.Ephemeral,
  });
};

async function sendNow(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  ctx: AppContext,
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // Recorded as work and sent by the work engine; the reply waits a bounded time to count.
  const report = await sendRoundNow(ctx, interaction.guildId, ctx.clock.now());
  await interaction.editReply({ content: renderSendNowReport(report) });
}

async function summary(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  ctx: AppContext,
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { summary: result, config, posted } = await postSummaryNow(ctx, interaction.guildId, ctx.clock.now());
  // The check-in channel refused the post: something the admin can fix, so a refusal rather than a failure.
  if (posted === 'forbidden') throw new UserFacingError(SUMMARY_CHANNEL_REFUSED);
  await interaction.editReply({ content: renderSummaryNowReply(result, config.channelId, posted) });
}

const subcommands: Record<string, CommandRun> = {
  setup,
  'send-now': sendNow,
  summary,
};

export const checkinAdmin: CommandModule = {
  adminOnly: true,
  data: adminCommand('checkin-admin', 'Set up and run the weekly check-ins (Manage Server)')
    .addSubcommand((s) =>
      addScheduleOptions(
        s
          .setName('setup')
          .setDescription('Choose the channel, day, time and time zone of the weekly check-in')
          .addChannelOption((o) =>
            o
              .setName('channel')
              .setDescription('Where summaries (and prompts for members without DMs) go')
              .setRequired(true)
              .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
          ),
        'the check-in opens',
        '09:00',
      )
        .addIntegerOption((o) =>
          o
            .setName('reminder-hours')
            .setDescription('Remind members this many hours before the week closes (default 24)')
            .setMinValue(1)
            .setMaxValue(144),
        )
        .addStringOption((o) =>
          o
            .setName('delivery')
            .setDescription('How prompts reach members (default: direct message)')
            .addChoices(
              { name: 'Direct message', value: 'dm' },
              { name: 'Mention in the channel', value: 'channel' },
            ),
        ),
    )
    .addSubcommand((s) =>
      s.setName('send-now').setDescription("Run this week's round now (never sends anything twice)"),
    )
    .addSubcommand((s) =>
      s.setName('summary').setDescription("Post this week's summary now; see who has gone quiet"),
    )
    .toJSON(),
  subcommands,
  autocomplete: autocompleteTimeZone,
};
