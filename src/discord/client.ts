import { Client, GatewayIntentBits, Options, Partials, REST } from 'discord.js';

export interface ClientSettings {
  apiUrl: string;
  /** The privileged Server Members intent, for GUILD_MEMBER_REMOVE (enable it in the portal first). */
  membersIntent?: boolean;
  /** Discord's global limit for this bot (50 unless Discord raised it); @discordjs/rest keeps under it. */
  globalRequestsPerSecond?: number;
  /** discord.js's own sharding options (src/config.ts shardOptionsOf); default: the one shard. */
  sharding?: { shards: number[] | 'auto'; shardCount: number };
}

/**
 * The Guilds intent (plus Server Members when configured): slash commands, buttons and modals arrive as interactions, and sending DMs
 * needs no intent. Caches are bounded so a 10,000-member server does not grow the heap without end.
 */
export function createDiscordClient({
  apiUrl,
  membersIntent = false,
  globalRequestsPerSecond = 50,
  sharding = { shards: [0], shardCount: 1 },
}: ClientSettings): Client {
  return new Client({
    shards: sharding.shards,
    shardCount: sharding.shardCount,
    intents: membersIntent
      ? [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers]
      : [GatewayIntentBits.Guilds],
    // GuildMember: GUILD_MEMBER_REMOVE is emitted for members not in the (bounded) cache too.
    partials: membersIntent ? [Partials.Channel, Partials.GuildMember] : [Partials.Channel],
    rest: { api: apiUrl, globalRequestsPerSecond },
    // Replies are built as API-shaped JSON already (src/discord/render); skip discord.js re-keying every
    // embed and component through lodash on each send (measured: 5 times the cost of rendering a card).
    jsonTransformer: (data: unknown) => data,
    // Nothing the bot sends may ping a role, @everyone or a user unless a feature opts in per message.
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 50,
      GuildMemberManager: {
        maxSize: 200,
        keepOverLimit: (member) => member.id === member.client.user.id,
      },
      UserManager: {
        maxSize: 1_000,
        keepOverLimit: (user) => user.id === user.client.user.id,
      },
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      VoiceStateManager: 0,
      ThreadMemberManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: 600, lifetime: 1_800 },
      threads: { interval: 3_600, lifetime: 86_400 },
    },
  });
}

export interface OutboundRestSettings {
  apiUrl: string;
  token: string;
  /** Discord's global limit for this bot, as for the client. */
  globalRequestsPerSecond?: number;
}

/**
 * The REST client for what the bot sends on its own account (round prompts, reminders, summaries, DMs,
 * threads), apart from the gateway client's, which answers interactions.
 *
 * @discordjs/rest keeps one global budget per instance and spends it on every request, interaction
 * follow-ups and edits (`/webhooks/{app}/{token}/…`) included, although Discord does not count those against
 * the global limit. On one instance a 2,000-member round, which runs at that limit for a minute or more,
 * would make every deferred answer (`editReply`) wait for a free slot behind it. With two, interaction
 * answers never queue behind a round. Each keeps under the limit on its own; the gateway client's own
 * authenticated requests are few (command sync at start, an admin's pair-now), so together they go over it
 * only briefly, if ever, and a 429 then makes both wait as Discord says.
 */
export function createOutboundRest({
  apiUrl,
  token,
  globalRequestsPerSecond = 50,
}: OutboundRestSettings): REST {
  return new REST({ api: apiUrl, globalRequestsPerSecond }).setToken(token);
}
