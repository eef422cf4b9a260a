import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

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
});
