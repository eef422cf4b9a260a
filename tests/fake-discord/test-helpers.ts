import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { ClientOptions } from 'discord.js';
import type { FakeDiscord } from './server.js';

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
