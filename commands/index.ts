import type { CommandModule } from '../src/discord/command.js';
import { checkin } from './checkin.js';
import { checkinAdmin } from './checkin-admin.js';
import { help } from './help.js';
import { progress } from './progress.js';
import { roadmap } from './roadmap.js';

/** Every slash command the bot offers. Add a module here and it is registered, routed and in /help. */
export const commands: readonly CommandModule[] = [roadmap, progress, checkin, checkinAdmin, help];

export const commandDefinitions = commands.map((command) => command.data);
