import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, DatabaseConfigSchema, parseConfig, shardOptionsOf } from '../../src/config.js';
import { describeDatabase } from '../../src/db/connection.js';

const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.token-for-tests';

describe('configuration', () => {
  it('fills sensible defaults when only the token is given', () => {
    const config = parseConfig({ DISCORD_TOKEN: token });
    expect(config).toMatchObject({
      DISCORD_TOKEN: token,
      DISCORD_API_URL: 'https://discord.com/api',
      DATABASE_PATH: 'data/stepwise.sqlite',
      LOG_LEVEL: 'info',
    });
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
  });

  it('listens for health checks on 127.0.0.1 unless HEALTH_HOST names another address', () => {
    expect(parseConfig({ DISCORD_TOKEN: token }).HEALTH_HOST).toBe('127.0.0.1');
    expect(parseConfig({ DISCORD_TOKEN: token, HEALTH_HOST: '0.0.0.0' }).HEALTH_HOST).toBe('0.0.0.0');
    expect(parseConfig({ DISCORD_TOKEN: token, HEALTH_HOST: '::' }).HEALTH_HOST).toBe('::');
    expect(() => parseConfig({ DISCORD_TOKEN: token, HEALTH_HOST: 'everywhere' })).toThrow(
      /HEALTH_HOST: must be an IP address/,
    );
    expect(parseConfig({ DISCORD_TOKEN: token, DISCORD_MEMBERS_INTENT: 'true' }).DISCORD_MEMBERS_INTENT).toBe(
      true,
    );
    expect(() => parseConfig({ DISCORD_TOKEN: token, DISCORD_MEMBERS_INTENT: 'maybe' })).toThrow(
      /DISCORD_MEMBERS_INTENT: must be true or false/,
    );
  });

  it('treats empty values as unset and strips a trailing slash from the API URL', () => {
    const config = parseConfig({
      DISCORD_TOKEN: token,
      DISCORD_GUILD_ID: '',
      DISCORD_API_URL: 'http://127.0.0.1:9/api/',
    });
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
    expect(config.DISCORD_API_URL).toBe('http://127.0.0.1:9/api');
  });

  it('names every bad variable with what is expected, and explains how to get a token', () => {
    let error: unknown;
    try {
      parseConfig({ DISCORD_GUILD_ID: '123', DISCORD_API_URL: 'http://x/api/v10', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/DISCORD_TOKEN: missing/);
    expect(message).toMatch(/DISCORD_GUILD_ID: must be a Discord id/);
    expect(message).toMatch(/DISCORD_API_URL: must not end with a version/);
    expect(message).toMatch(/LOG_LEVEL: must be one of/);
    expect(message).toMatch(/developers\/applications/);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('does not show the token hint when the token is fine', () => {
    expect(() => parseConfig({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: 'abc' })).toThrow(
      /DISCORD_APPLICATION_ID: must be a Discord id/,
    );
    try {
      parseConfig({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: 'abc' });
    } catch (error) {
      expect((error as Error).message).not.toMatch(/developers\/applications/);
    }
  });

  it('uses SQLite by default and PostgreSQL when DATABASE_URL is set, with pool, timeout and TLS defaults', () => {
    const sqlite = parseConfig({ DISCORD_TOKEN: token });
    expect(sqlite.DATABASE_URL).toBeUndefined();
    expect(describeDatabase(sqlite)).toBe('SQLite file data/stepwise.sqlite');
    const postgres = parseConfig({
      DISCORD_TOKEN: token,
      DATABASE_PATH: '/app/data/db/stepwise.sqlite',
      DATABASE_URL: 'postgresql://bot:s3cret@db.internal:5433/stepwise',
    });
    expect(postgres).toMatchObject({
      DATABASE_URL: 'postgresql://bot:s3cret@db.internal:5433/stepwise',
      DATABASE_POOL_SIZE: 10,
      DATABASE_STATEMENT_TIMEOUT_MS: 15000,
      DATABASE_SSL: 'disable',
    });
    // The URL wins over the image's DATABASE_PATH, and its password is never shown.
    expect(describeDatabase(postgres)).toBe('PostgreSQL db.internal:5433/stepwise');
  });

  it('names each bad database variable and what it expects, without echoing the URL', () => {
    let error: unknown;
    try {
      parseConfig({
        DISCORD_TOKEN: token,
        DATABASE_URL: 'mysql://root:hunter2@localhost/stepwise',
        DATABASE_POOL_SIZE: '0',
        DATABASE_STATEMENT_TIMEOUT_MS: 'soon',
        DATABASE_SSL: 'on',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/DATABASE_URL: must be a PostgreSQL URL such as postgres:\/\//);
    expect(message).toMatch(/DATABASE_POOL_SIZE: must be at least 1/);
    expect(message).toMatch(/DATABASE_STATEMENT_TIMEOUT_MS: must be a whole number of milliseconds/);
    expect(message).toMatch(/DATABASE_SSL: must be one of disable, require/);
    expect(message).not.toContain('hunter2');
  });

  it('takes TLS settings only from DATABASE_SSL, and a CA file only for verify-full', () => {
    const url = 'postgres://bot@db.internal/stepwise';
    expect(() => parseConfig({ DISCORD_TOKEN: token, DATABASE_URL: `${url}?sslmode=require` })).toThrow(
      /DATABASE_URL: must not carry sslmode\/ssl parameters: set TLS with DATABASE_SSL/,
    );
    expect(() =>
      parseConfig({ DISCORD_TOKEN: token, DATABASE_URL: url, DATABASE_SSL_CA: '/no/such/ca.pem' }),
    ).toThrow(/DATABASE_SSL_CA: must be a readable file/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-ca-'));
    const ca = path.join(dir, 'ca.pem');
    fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
    try {
      expect(() =>
        DatabaseConfigSchema.parse({ DATABASE_URL: url, DATABASE_SSL: 'require', DATABASE_SSL_CA: ca }),
      ).toThrow(/only used with DATABASE_URL and DATABASE_SSL=verify-full/);
      expect(
        DatabaseConfigSchema.parse({ DATABASE_URL: url, DATABASE_SSL: 'verify-full', DATABASE_SSL_CA: ca }),
      ).toMatchObject({ DATABASE_SSL: 'verify-full', DATABASE_SSL_CA: ca });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sharding settings', () => {
  const parse = (env: Record<string, string>) => parseConfig({ DISCORD_TOKEN: token, ...env });

  it('connects the one shard by default, every shard of a count, or the ones named', () => {
    expect(shardOptionsOf(parse({}))).toEqual({ shards: [0], shardCount: 1 });
    expect(shardOptionsOf(parse({ SHARD_COUNT: '3' }))).toEqual({ shards: [0, 1, 2], shardCount: 3 });
    expect(shardOptionsOf(parse({ SHARD_COUNT: '4', SHARD_IDS: '1, 3' }))).toEqual({
      shards: [1, 3],
      shardCount: 4,
    });
    expect(shardOptionsOf(parse({ SHARD_COUNT: 'auto' }))).toMatchObject({ shards: 'auto' });
  });

  it('refuses ids outside the count, repeated ids, ids without a fixed count, and nonsense', () => {
    expect(() => parse({ SHARD_COUNT: '2', SHARD_IDS: '0,2' })).toThrow(
      /SHARD_IDS: names shard 2, but with SHARD_COUNT=2 the shards are 0 to 1/,
    );
    expect(() => parse({ SHARD_COUNT: '2', SHARD_IDS: '1,1' })).toThrow(
      /SHARD_IDS: must not name a shard twice/,
    );
    expect(() => parse({ SHARD_IDS: '0' })).toThrow(/SHARD_IDS: needs SHARD_COUNT/);
    expect(() => parse({ SHARD_COUNT: 'auto', SHARD_IDS: '0' })).toThrow(
      /SHARD_IDS: needs a fixed SHARD_COUNT/,
    );
    expect(() => parse({ SHARD_COUNT: '0' })).toThrow(/SHARD_COUNT: must be at least 1/);
    expect(() => parse({ SHARD_COUNT: 'many' })).toThrow(
      /SHARD_COUNT: must be a whole number of shards or auto/,
    );
    expect(() => parse({ SHARD_COUNT: '2', SHARD_IDS: 'zero' })).toThrow(/SHARD_IDS: must be shard ids/);
  });
});
