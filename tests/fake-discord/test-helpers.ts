import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { ClientOptions, Interaction } from 'discord.js';
import { afterEach, expect } from 'vitest';
import { startFakeDiscord } from '../../fake-discord/server.js';
import type { FakeDiscord } from '../../fake-discord/server.js';
import type { FakeDiscordOptions } from '../../fake-discord/types.js';

/** A bare discord.js client logged in to the fake; resolves after clientReady. */
export async function loginClient(
  fake: FakeDiscord,
  options: Partial<ClientOptions> = {},
  timeoutMs = 10_000,
): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...options,
    rest: { api: fake.apiUrl, ...options.rest },
  });
  const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(timeoutMs) });
  // If login throws, `ready` would reject later as an unhandled rejection.
  ready.catch(() => undefined);
  try {
    await client.login(fake.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return client as Client<true>;
}

/** Resolves with the first value the callback produces for an event, bounded. */
export function nextEvent<T>(emitter: Client, event: string, timeoutMs = 5000): Promise<T[]> {
  return once(emitter, event, { signal: AbortSignal.timeout(timeoutMs) }) as Promise<T[]>;
}

export interface FakeFixture {
  /** A fake with 3 members and a logged-in bare client; `onInteraction` errors fail the test. */
  setup(
    options?: FakeDiscordOptions,
    onInteraction?: (interaction: Interaction) => Promise<void> | void,
  ): Promise<{ fake: FakeDiscord; client: Client<true> }>;
  /** A fake closed after the test. */
  start(options?: FakeDiscordOptions): Promise<FakeDiscord>;
  /** A client destroyed after the test. */
  login(fake: FakeDiscord, options?: Partial<ClientOptions>): Promise<Client<true>>;
}

/**
 * Per-test fakes and clients, all closed after each test. Errors that escape an interaction handler are
 * always a test bug, so the test fails on them.
 */
export function useFakeFixture(): FakeFixture {
  const fakes: FakeDiscord[] = [];
  const clients: Client[] = [];
  let handlerErrors: unknown[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.destroy();
    for (const fake of fakes.splice(0)) await fake.close();
    const escaped = handlerErrors;
    handlerErrors = [];
    expect(escaped).toEqual([]);
  });
  const fixture: FakeFixture = {
    async start(options = {}) {
      const fake = await startFakeDiscord(options);
      fakes.push(fake);
      return fake;
    },
    async login(fake, options = {}) {
      const client = await loginClient(fake, options);
      clients.push(client);
      return client;
    },
    async setup(options = {}, onInteraction) {
      const fake = await fixture.start({ memberCount: 3, ...options });
      const client = await fixture.login(fake);
      if (onInteraction) {
        client.on(Events.InteractionCreate, (interaction) => {
          void Promise.resolve(onInteraction(interaction)).catch((e: unknown) => handlerErrors.push(e));
        });
      }
      return { fake, client };
    },
  };
  return fixture;
}
