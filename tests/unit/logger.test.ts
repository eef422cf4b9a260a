import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger, redactRoute } from '../../src/logger.js';
import { LogCollector } from '../support/harness.js';

const TOKEN = `aW50ZXJhY3Rpb246${'x'.repeat(120)}`;
const url = `https://discord.com/api/v10/interactions/1234567890123456789/${TOKEN}/callback?with_response=false`;

function apiError(): DiscordAPIError {
  return new DiscordAPIError(
    { code: 50007, message: 'Cannot send messages to this user' },
    50007,
    403,
    'POST',
    url,
    { body: { content: 'her secret answer' }, files: undefined },
  );
}

describe('logger', () => {
  it('reduces routes to their shape, tokens and ids redacted', () => {
    expect(redactRoute(url)).toBe('/interactions/:id/:token/callback');
    expect(
      redactRoute(`https://discord.com/api/v10/webhooks/1234567890123456789/${TOKEN}/messages/%40original`),
    ).toBe('/webhooks/:id/:token/messages/@original');
    expect(redactRoute('https://discord.com/api/v10/channels/1234567890123456789/messages')).toBe(
      '/channels/:id/messages',
    );
  });

  it('summarises an error under any key and drops bodies and content, wherever they are', () => {
    const logs = new LogCollector();
    const logger = createLogger('info', logs);
    logger.warn(
      { dmError: apiError(), nested: { requestBody: { content: 'x' }, note: `see ${url}` } },
      'failed',
    );
    logger.error(apiError());
    const text = JSON.stringify(logs.lines);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('her secret answer');
    expect(logs.lines[0]).toMatchObject({
      dmError: {
        type: 'DiscordAPIError',
        code: 50007,
        status: 403,
        method: 'POST',
        route: '/interactions/:id/:token/callback',
      },
      nested: {
        note: 'see https://discord.com/api/v10/interactions/1234567890123456789/:token/callback?with_response=false',
      },
    });
    expect(logs.lines[1]).toMatchObject({ err: { code: 50007, route: '/interactions/:id/:token/callback' } });
  });
});
