import { z } from 'zod';
import { loadDotEnv, ProxyConfigSchema } from '../config.js';
import { createLogger } from '../logger.js';
import { startRestProxy } from '../discord/rest-proxy.js';

/**
 * `npm run proxy`: the shared REST proxy that every bot process points DISCORD_API_URL at (README,
 * "Scaling out"). Its own DISCORD_API_URL is where it forwards to (Discord by default).
 */
async function main(): Promise<void> {
  loadDotEnv();
  const parsed = ProxyConfigSchema.safeParse(process.env);
  if (!parsed.success) {
    console.error(`The REST proxy cannot start:\n${z.prettifyError(parsed.error)}`);
    process.exit(1);
  }
  const config = parsed.data;
  const logger = createLogger(config.LOG_LEVEL);
  const proxy = await startRestProxy({
    upstream: config.DISCORD_API_URL,
    globalRequestsPerSecond: config.DISCORD_GLOBAL_RATE_LIMIT,
    port: config.PROXY_PORT,
    host: config.PROXY_HOST,
    logger,
  });
  logger.info(
    {
      host: config.PROXY_HOST,
      port: config.PROXY_PORT,
      upstream: config.DISCORD_API_URL,
      globalRequestsPerSecond: config.DISCORD_GLOBAL_RATE_LIMIT,
    },
    'REST proxy listening',
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'REST proxy stopping');
      void proxy.close().then(() => process.exit(0));
      // Requests still waiting for a rate limit are given up; each bot retries or resolves its own.
      setTimeout(() => process.exit(0), 5_000).unref();
    });
  }
}

main().catch((error: unknown) => {
  console.error(`The REST proxy could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
