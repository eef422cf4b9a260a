import { GatewayIntentBits } from 'discord-api-types/v10';
import { CommandStore } from './commands.js';
import { Faults } from './faults.js';
import { buildWorld } from './fixtures.js';
import { Gateway } from './gateway.js';
import { GuildEvents } from './guild-events.js';
import { InteractionRegistry } from './interactions.js';
import type { Dict } from './json.js';
import { MessageService } from './messages.js';
import { RateLimiter } from './rate-limit.js';
import { RestHandler } from './rest/http.js';
import { createRoutes } from './rest/routes.js';
import type { FakeChannel } from './state.js';
import type { FakeDiscordOptions, FakeStats, RecordedRequest } from './types.js';
import { Waiters } from './wait.js';

/** What the parts share with the FakeDiscord that holds them. */
export interface Shared {
  token: string;
  stats: FakeStats;
  requests: RecordedRequest[];
  /** The listening port (0 until listen()). */
  port: () => number;
}

/**
 * The fake's parts and how they are wired: the world, the gateway, messages, interactions, commands, the
 * REST routes and their request handler, with every option's default in one place.
 */
export function assembleFake(options: FakeDiscordOptions, shared: Shared) {
  const { token, stats } = shared;
  const httpUrl = () => `http://127.0.0.1:${shared.port()}`;
  const world = buildWorld(options);
  const log =
    options.log ??
    (process.env['FAKE_DISCORD_LOG'] ? (line: string) => console.error(`[fake-discord] ${line}`) : () => {});
  const waiters = new Waiters(world.events, options.defaultTimeoutMs ?? 5000);
  const rateLimit = options.rateLimit;
  const limiter = rateLimit ? new RateLimiter(rateLimit === true ? {} : rateLimit) : null;
  const faults = new Faults();
  const gateway = new Gateway({
    world,
    token,
    heartbeatInterval: options.heartbeatInterval ?? 41_250,
    allowedPrivilegedIntents:
      options.allowedPrivilegedIntents ??
      GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent,
    guildCreateMembers: options.guildCreateMembers ?? 'discord',
    maxGuildsPerShard: options.maxGuildsPerShard ?? 2500,
    stats,
    log,
    resumeUrl: () => `ws://127.0.0.1:${shared.port()}/resume`,
  });
  /** A channel's event goes to its guild's sessions, a DM's to every session. */
  const emit = (channel: FakeChannel, t: string, d: Dict, extraIntent = 0): void => {
    const guild = world.guildOf(channel);
    if (guild) gateway.dispatchGuild(guild, t, d, extraIntent);
    else gateway.dispatchDirect(t, d);
  };
  const messages = new MessageService(
    world,
    httpUrl,
    (channel, t, d) => emit(channel, t, d),
    options.nonceWindowMs,
  );
  const registry = new InteractionRegistry({
    world,
    messages,
    gateway,
    waiters,
    stats,
    settings: {
      enforceDeadline: options.enforceDeadline ?? true,
      deadlineMs: options.deadlineMs ?? 3000,
      tokenLifetimeMs: options.interactionTokenLifetimeMs ?? 15 * 60_000,
      strictCommands: options.strictCommands ?? false,
    },
    baseUrl: httpUrl,
    attachmentFiles: messages.attachmentFiles,
    log,
  });
  const commandStore = new CommandStore(world);
  const guildEvents = new GuildEvents(world, gateway, (channel, t, d) => emit(channel, t, d));
  const routes = createRoutes({
    world,
    messages,
    interactions: registry,
    gateway,
    commands: commandStore,
    gatewayUrl: () => `ws://127.0.0.1:${shared.port()}`,
    recommendedShards: () =>
      options.recommendedShards ??
      Math.max(1, Math.ceil(world.guilds.filter((g) => g.botPresent).length / 1000)),
    membersIntentEnabled:
      ((options.allowedPrivilegedIntents ?? GatewayIntentBits.GuildMembers) &
        GatewayIntentBits.GuildMembers) !==
      0,
    emit,
    emitGuild: (guild, t, d, extra) => gateway.dispatchGuild(guild, t, d, extra),
  });
  const rest = new RestHandler({
    world,
    routes,
    token,
    limiter,
    faults,
    stats,
    requests: shared.requests,
    maxRequests: options.maxRecordedRequests ?? 100_000,
    attachmentFiles: messages.attachmentFiles,
    log,
  });
  return { world, gateway, messages, registry, commandStore, guildEvents, faults, waiters, rest, log };
}
