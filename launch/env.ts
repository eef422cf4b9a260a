import type { FakeDiscord } from '../fake-discord/index.js';

/** The environment that points a bot at this fake: its token and its REST address. */
export function fakeDiscordEnv(fake: FakeDiscord): { DISCORD_TOKEN: string; DISCORD_API_URL: string } {
  return { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl };
}
