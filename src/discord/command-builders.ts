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
 * A member command some of whose subcommands also work in a direct message with the bot (Discord sets
 * contexts per top-level command, so the dispatcher refuses the other subcommands there). Discord offers
 * commands in DMs only when they are registered globally, not to one server (DISCORD_GUILD_ID).
 */
export function serverAndDmCommand(name: string, description: string): SlashCommandBuilder {
  return serverCommand(name, description).setContexts(
    InteractionContextType.Guild,
    InteractionContextType.BotDM,
  );
}

/**
 * An admin command: Manage Server by default. Discord applies default permissions per top-level command,
 * hence admin commands separate from the members' ones; the dispatcher checks again at run time.
 */
export function adminCommand(name: string, description: string): SlashCommandBuilder {
  return serverCommand(name, description).setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
}
