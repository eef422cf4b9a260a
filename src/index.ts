import { startBot, type Bot } from './bot.js';
import { ConfigError, loadDotEnv, parseConfig, type Config } from './config.js';
import { createLogger } from './logger.js';

const SHUTDOWN_DEADLINE_MS = 8_000;

/** Production entry point: readable failures, graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  loadDotEnv();
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  // discord.js reads SHARD_COUNT and SHARDS from the environment itself (ShardingManager's variables) and
  // cannot read 'auto'; the parsed configuration is handed to it instead (src/discord/client.ts).
  delete process.env['SHARD_COUNT'];
  delete process.env['SHARDS'];
  const logger = createLogger(config.LOG_LEVEL);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  let bot: Bot;
  try {
    bot = await startBot({ config, logger });
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    console.error(`Stepwise could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  logger.info('Stepwise is running');

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // docker stop kills after 10 s. Whatever is still in flight then is recorded and resumed (and looked
      // for before any re-send) by the next active instance, so leaving is safe.
      setTimeout(() => {
        logger.warn('shutdown took longer than 8 s; exiting, unfinished work stays recorded');
        process.exit(0);
      }, SHUTDOWN_DEADLINE_MS).unref();
      bot
        .stop(signal)
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        });
    });
  }
}

void main();
