import fs from 'node:fs';
import { z } from 'zod';

/** Discord ids are 17–20 digit snowflakes; anything else is a typo worth catching at start-up. */
const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

const optionalText = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);

export const ConfigSchema = z.object({
  DISCORD_TOKEN: z
    .string({ error: 'missing: the bot token from the Discord Developer Portal (Bot → Reset Token)' })
    .trim()
    .min(20, 'does not look like a bot token (too short)')
    .regex(/^\S+$/, 'must not contain spaces'),
  DISCORD_APPLICATION_ID: optionalText(snowflake.optional()),
  DISCORD_GUILD_ID: optionalText(snowflake.optional()),
  DISCORD_API_URL: optionalText(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
      .refine(
        (url) => !/\/v\d+\/?$/.test(url),
        'must not end with a version such as /v10 (it is added for you)',
      )
      .transform((url) => url.replace(/\/+$/, ''))
      .default('https://discord.com/api'),
  ),
  DATABASE_PATH: optionalText(z.string().default('data/stepwise.sqlite')),
  // PostgreSQL instead of the SQLite file when set (DATABASE_PATH is then ignored: the image sets it).
  DATABASE_URL: optionalText(
    z
      .string()
      .trim()
      .refine(isPostgresUrl, {
        error:
          'must be a PostgreSQL URL such as postgres://user:password@host:5432/stepwise (postgres:// or postgresql://); leave it unset to use the SQLite file at DATABASE_PATH',
      })
      .refine((url) => !hasTlsParameter(url), {
        error: 'must not carry sslmode/ssl parameters: set TLS with DATABASE_SSL (and DATABASE_SSL_CA)',
      })
      .optional(),
  ),
  DATABASE_POOL_SIZE: optionalText(
    z.coerce
      .number({ error: 'must be a whole number of connections' })
      .int('must be a whole number of connections')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100 (PostgreSQL allows 100 connections by default, for every process)')
      .default(10),
  ),
  DATABASE_STATEMENT_TIMEOUT_MS: optionalText(
    z.coerce
      .number({ error: 'must be a whole number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(100, 'must be at least 100 (milliseconds)')
      .max(600_000, 'must be at most 600000 (ten minutes)')
      .default(15_000),
  ),
  DATABASE_SSL: optionalText(
    z
      .enum(['disable', 'require', 'verify-full'], {
        error: 'must be one of disable, require (encrypted, server not verified), verify-full',
      })
      .default('disable'),
  ),
  DATABASE_SSL_CA: optionalText(
    z
      .string()
      .refine((file) => isReadableFile(file), {
        error: 'must be a readable file (the PEM certificate of your CA)',
      })
      .optional(),
  ),
  DATA_RETENTION_DAYS: optionalText(
    z.coerce
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(0, 'must be 0 or more')
      .max(3650, 'must be at most 3650 (ten years)')
      .default(30),
  ),
  HEALTH_PORT: optionalText(
    z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a port number')
      .min(1, 'must be a port number from 1 to 65535')
      .max(65535, 'must be a port number from 1 to 65535')
      .optional(),
  ),
  DISCORD_MEMBERS_INTENT: optionalText(z.stringbool({ error: 'must be true or false' }).default(false)),
  HEALTH_HOST: optionalText(
    z
      .union([z.ipv4(), z.ipv6(), z.literal('localhost')], {
        error: 'must be an IP address to listen on, such as 127.0.0.1 (the default) or 0.0.0.0',
      })
      .default('127.0.0.1'),
  ),
  DISCORD_GLOBAL_RATE_LIMIT: optionalText(
    z.coerce
      .number({ error: 'must be a whole number of requests per second' })
      .int('must be a whole number of requests per second')
      .min(1, 'must be at least 1')
      .max(10_000, 'must be at most 10000')
      .default(50),
  ),
  INSTANCE_LEASE_SECONDS: optionalText(
    z.coerce
      .number({ error: 'must be a whole number of seconds' })
      .int('must be a whole number of seconds')
      .min(2, 'must be at least 2')
      .max(300, 'must be at most 300 (five minutes)')
      .default(15),
  ),
  // Discord shards (README, "Scaling out"): how many in all, and which of them this process connects.
  SHARD_COUNT: optionalText(
    z
      .union(
        [
          z.literal('auto'),
          z.coerce
            .number()
            .int('must be a whole number of shards or auto')
            .min(1, 'must be at least 1 (or auto)')
            .max(10_000, 'must be at most 10000'),
        ],
        { error: 'must be a whole number of shards or auto' },
      )
      .optional(),
  ),
  SHARD_IDS: optionalText(
    z
      .string()
      .trim()
      .regex(/^\d+(\s*,\s*\d+)*$/, {
        error: 'must be shard ids separated by commas, such as 0 or 0,1 (numbers from 0 to SHARD_COUNT - 1)',
      })
      .transform((list) => list.split(',').map((id) => Number(id.trim())))
      .refine((ids) => new Set(ids).size === ids.length, { error: 'must not name a shard twice' })
      .optional(),
  ),
  LOG_LEVEL: optionalText(
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Rules across database variables, for the full configuration and for DatabaseConfigSchema alike. */
function checkDatabaseSettings(
  ctx: z.core.ParsePayload<{ DATABASE_URL?: string; DATABASE_SSL: string; DATABASE_SSL_CA?: string }>,
): void {
  const { DATABASE_URL, DATABASE_SSL, DATABASE_SSL_CA } = ctx.value;
  if (DATABASE_SSL_CA !== undefined && (DATABASE_URL === undefined || DATABASE_SSL !== 'verify-full'))
    ctx.issues.push({
      code: 'custom',
      input: DATABASE_SSL_CA,
      path: ['DATABASE_SSL_CA'],
      message: 'is only used with DATABASE_URL and DATABASE_SSL=verify-full; set both or remove it',
    });
}

/** SHARD_IDS splits a fixed SHARD_COUNT between processes: every process must count the same shards. */
function checkShardSettings(
  ctx: z.core.ParsePayload<{ SHARD_COUNT?: number | 'auto'; SHARD_IDS?: number[] }>,
): void {
  const { SHARD_COUNT, SHARD_IDS } = ctx.value;
  // Checks run even when a field failed its own rules (its raw text is here then): that is reported already.
  if (
    !Array.isArray(SHARD_IDS) ||
    (SHARD_COUNT !== undefined && typeof SHARD_COUNT !== 'number' && SHARD_COUNT !== 'auto')
  )
    return;
  if (SHARD_COUNT === undefined || SHARD_COUNT === 'auto') {
    ctx.issues.push({
      code: 'custom',
      input: SHARD_IDS,
      path: ['SHARD_IDS'],
      message:
        SHARD_COUNT === 'auto'
          ? 'needs a fixed SHARD_COUNT, not auto: processes that split the shards must all count the same number (auto is what Discord recommends at each start, which can differ between them)'
          : 'needs SHARD_COUNT (the number of shards in all, for example SHARD_COUNT=2 with SHARD_IDS=0 on one process and SHARD_IDS=1 on the other)',
    });
    return;
  }
  const outside = SHARD_IDS.filter((id) => id >= SHARD_COUNT);
  if (outside.length > 0)
    ctx.issues.push({
      code: 'custom',
      input: SHARD_IDS,
      path: ['SHARD_IDS'],
      message: `names shard ${outside.join(', ')}, but with SHARD_COUNT=${SHARD_COUNT} the shards are 0 to ${SHARD_COUNT - 1}`,
    });
}

/** The settings that choose and tune the database; the CLIs that need no token parse only these. */
export const DatabaseConfigSchema = ConfigSchema.pick({
  DATABASE_PATH: true,
  DATABASE_URL: true,
  DATABASE_POOL_SIZE: true,
  DATABASE_STATEMENT_TIMEOUT_MS: true,
  DATABASE_SSL: true,
  DATABASE_SSL_CA: true,
}).check(checkDatabaseSettings);

const FullConfigSchema = ConfigSchema.check(checkDatabaseSettings).check(checkShardSettings);

export type DatabaseConfig = z.infer<typeof DatabaseConfigSchema>;

function isPostgresUrl(value: string): boolean {
  if (!/^postgres(?:ql)?:\/\//i.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

function hasTlsParameter(value: string): boolean {
  try {
    const params = new URL(value).searchParams;
    return ['ssl', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert'].some((name) => params.has(name));
  } catch {
    return false;
  }
}

function isReadableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    hint?: string,
  ) {
    super(
      [
        'Stepwise cannot start: the configuration is not valid.',
        ...problems.map((problem) => `  - ${problem}`),
        'Set these as environment variables or in a .env file (see the README, "Configuration").',
        ...(hint ? ['', hint] : []),
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Where to send someone who has no token yet. */
export const NO_TOKEN_HINT = [
  'To run Stepwise in a real server you need a bot token: create an application at',
  'https://discord.com/developers/applications, add a bot and copy its token into DISCORD_TOKEN',
  '(README, "Create the Discord application").',
  'No token yet? Try every feature locally with: npm run playground',
].join('\n');

/** Parses the environment once; every bad variable is named with what was expected. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = FullConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(environment)';
    return `${name}: ${issue.message}`;
  });
  const tokenProblem = result.error.issues.some((issue) => issue.path[0] === 'DISCORD_TOKEN');
  throw new ConfigError(problems, tokenProblem ? NO_TOKEN_HINT : undefined);
}

/** Loads `.env` from the working directory when present (Node's own parser); real variables win. */
export function loadDotEnv(file = '.env'): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

/** What discord.js is given: its own `shards` / `shardCount` options (see README, "Scaling out"). */
export interface ShardOptions {
  /** The shards this process connects, or 'auto': every shard of Discord's recommended count. */
  shards: number[] | 'auto';
  shardCount: number;
}

export function shardOptionsOf(config: Pick<Config, 'SHARD_COUNT' | 'SHARD_IDS'>): ShardOptions {
  const count = config.SHARD_COUNT ?? 1;
  // discord.js asks GET /gateway/bot for the recommended count itself and connects every shard of it.
  if (count === 'auto') return { shards: 'auto', shardCount: 1 };
  return { shards: config.SHARD_IDS ?? Array.from({ length: count }, (_, id) => id), shardCount: count };
}

/**
 * `npm run proxy` (src/cli/proxy.ts): where the shared REST proxy listens and where it sends requests.
 * It needs no token: it forwards each bot process's own Authorization header.
 */
export const ProxyConfigSchema = ConfigSchema.pick({
  DISCORD_API_URL: true,
  DISCORD_GLOBAL_RATE_LIMIT: true,
  LOG_LEVEL: true,
}).extend({
  PROXY_PORT: optionalText(
    z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a port number')
      .min(1, 'must be a port number from 1 to 65535')
      .max(65535, 'must be a port number from 1 to 65535')
      .default(8080),
  ),
  PROXY_HOST: optionalText(
    z
      .union([z.ipv4(), z.ipv6(), z.literal('localhost')], {
        error: 'must be an IP address to listen on, such as 127.0.0.1 (the default) or 0.0.0.0',
      })
      .default('127.0.0.1'),
  ),
});

export type ProxyConfig = z.infer<typeof ProxyConfigSchema>;
