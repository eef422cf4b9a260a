import type { CommandModule } from '../src/discord/command.js';
import { help } from './help.js';

/** Every slash command the bot offers. Add a module here and it is registered, routed and in /help. */
export const commands: readonly CommandModule[] = [help];

export const commandDefinitions = commands.map((command) => command.data);
