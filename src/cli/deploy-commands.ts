import { REST, Routes, type APIApplication } from 'discord.js';
import { commandDefinitions } from '../../commands/index.js';
import { ConfigError, loadDotEnv, parseConfig } from '../config.js';
import { syncCommands } from '../discord/registration.js';
import { createLogger } from '../logger.js';

/** `npm run deploy-commands`: registers slash commands over REST, without the gateway. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  const applicationId =
    config.DISCORD_APPLICATION_ID ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const result = await syncCommands(
    rest,
    { applicationId, guildId: config.DISCORD_GUILD_ID },
    commandDefinitions,
    logger,
  );
  const scope = config.DISCORD_GUILD_ID ? `server ${config.DISCORD_GUILD_ID}` : 'every server (global)';
  console.log(
    result === 'updated'
      ? `Registered ${commandDefinitions.length} commands for ${scope}.`
      : `Commands for ${scope} were already up to date.`,
  );
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `Could not register commands: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
