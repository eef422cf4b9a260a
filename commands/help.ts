import {
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import type { CommandModule } from '../src/discord/command.js';
import { renderHelp } from '../src/discord/render/help.js';

export const help: CommandModule = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('What Stepwise does and how to use every command')
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .toJSON(),
  async execute(interaction, ctx) {
    await interaction.reply({ embeds: [renderHelp(ctx.commandDefinitions)], flags: MessageFlags.Ephemeral });
  },
};
