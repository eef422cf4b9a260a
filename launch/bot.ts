/**
 * The one way to run the real bot in this process against the fake Discord: start the fake (or take one),
 * configure the bot from it as production configures itself from the environment, and call startBot.
 * Used by the tests' harness, the playground and the in-process benches; src/ and commands/ never import it.
 */
import type { DestinationStream } from 'pino';
import { startBot, type Bot } from '../src/bot.js';
import type { Clock } from '../src/clock.js';
import { parseConfig, type Config } from '../src/config.js';
import type { CommandModule } from '../src/discord/command.js';
import { createLogger } from '../src/logger.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../fake-discord/index.js';
import { fakeDiscordEnv } from './env.js';

export interface LaunchOptions {
  /** A fake Discord to reuse (it outlives the bot); without one, a new fake is started and closed with it. */
  fake?: FakeDiscord;
  /** How to start the new fake. */
  fakeOptions?: FakeDiscordOptions;
  /** SQLite file (or ':memory:'); `env` may add DATABASE_URL for PostgreSQL. */
  databasePath: string;
  /** The bot's log level, and where its JSON lines go (default stdout). */
  logLevel: Config['LOG_LEVEL'];
  logStream?: DestinationStream;
  clock: Clock;
  /** The fake stamps what it records with the bot's clock instead of real time. */
  fakeUsesClock?: boolean;
  /** More configuration, as environment variables; they win over the launcher's own. */
  env?: Record<string, string>;
  commands?: readonly CommandModule[];
  /** Start the cron timers (default true); the tests and the playground tick the scheduler themselves. */
  startTimers?: boolean;
}

export interface LaunchedBot {
  fake: FakeDiscord;
  bot: Bot;
  config: Config;
  clock: Clock;
  /** Stops the bot, then closes the fake if the launcher started it. */
  close(reason: string): Promise<void>;
}

export async function launchBot(options: LaunchOptions): Promise<LaunchedBot> {
  const fake = options.fake ?? (await startFakeDiscord(options.fakeOptions));
  const closeFake = () => (options.fake ? Promise.resolve() : fake.close());
  const { clock } = options;
  if (options.fakeUsesClock) fake.useClock(() => clock.now().getTime());
  let config: Config;
  let bot: Bot;
  try {
    config = parseConfig({
      ...fakeDiscordEnv(fake),
      DISCORD_GUILD_ID: fake.guild.id,
      DATABASE_PATH: options.databasePath,
      LOG_LEVEL: options.logLevel,
      ...options.env,
    });
    bot = await startBot({
      config,
      logger: createLogger(options.logLevel, options.logStream),
      clock,
      commands: options.commands,
      startTimers: options.startTimers,
    });
  } catch (error) {
    await closeFake();
    throw error;
  }
  return {
    fake,
    bot,
    config,
    clock,
    async close(reason) {
      try {
        await bot.stop(reason);
      } finally {
        await closeFake();
      }
    },
  };
}
