import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';

/** A slash command offered inside servers only, for server installs (what every Stepwise command is). */
export function serverCommand(name: string, description: string): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
}

/**
 * An admin command: Manage Server by default. Discord applies default permissions per top-level command,
 * hence admin commands separate from the members' ones; the dispatcher checks again at run time.
 */
export function adminCommand(name: string, description: string): SlashCommandBuilder {
  return serverCommand(name, description).setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
}
