import { MessageFlags } from 'discord.js';
import { adminCommand } from '../src/discord/command-builders.js';
import type { CommandModule } from '../src/discord/command.js';
import { renderConfig } from '../src/discord/render/config.js';
import { getConfigOrNone } from '../src/services/checkins.js';
import { interviewConfigOrNone } from '../src/services/interview-config.js';

export const config: CommandModule = {
  adminOnly: true,
  data: adminCommand('config', 'See every Stepwise setting of this server (Manage Server)')
    .addSubcommand((s) =>
      s.setName('show').setDescription('Every setting of this server in one view, only for you'),
    )
    .toJSON(),
  subcommands: {
    async show(interaction, ctx) {
      const [checkins, interviews] = await Promise.all([
        getConfigOrNone(ctx, interaction.guildId),
        interviewConfigOrNone(ctx, interaction.guildId),
      ]);
      await interaction.reply({
        embeds: [
          renderConfig({
            checkins,
            interviews,
            retentionDays: ctx.config.DATA_RETENTION_DAYS,
            guildScoped: Boolean(ctx.config.DISCORD_GUILD_ID),
          }),
        ],
        flags: MessageFlags.Ephemeral,
      });
    },
  },
};
