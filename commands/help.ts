import { MessageFlags } from 'discord.js';
import { serverCommand } from '../src/discord/command-builders.js';
import type { CommandModule } from '../src/discord/command.js';
import { renderHelp } from '../src/discord/render/help.js';

export const help: CommandModule = {
  data: serverCommand('help', 'What Stepwise does and how to use every command').toJSON(),
  async execute(interaction, ctx) {
    await interaction.reply({ embeds: [renderHelp(ctx.commandDefinitions)], flags: MessageFlags.Ephemeral });
  },
};
