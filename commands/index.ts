import type { CommandModule } from '../src/discord/command.js';
import { checkin } from './checkin.js';
import { checkinAdmin } from './checkin-admin.js';
import { config } from './config.js';
import { help } from './help.js';
import { privacy } from './privacy.js';
import { interview } from './interview.js';
import { insights } from './insights.js';
import { interviewAdmin } from './interview-admin.js';
import { progress } from './progress.js';
import { roadmap } from './roadmap.js';

/** Every slash command the bot offers. Add a module here and it is registered, routed and in /help. */
export const commands: readonly CommandModule[] = [
  roadmap,
  progress,
  checkin,
  checkinAdmin,
  interview,
  interviewAdmin,
  insights,
  privacy,
  config,
  help,
];

export const commandDefinitions = commands.map((command) => command.data);
