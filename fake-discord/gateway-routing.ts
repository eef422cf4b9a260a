import { GatewayIntentBits } from 'discord-api-types/v10';

// Which sessions may receive a dispatch: the intent it needs, and the shard a server belongs to.

export const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

const GUILDS_EVENTS = new Set([
  'GUILD_CREATE',
  'GUILD_UPDATE',
  'GUILD_DELETE',
  'GUILD_ROLE_CREATE',
  'GUILD_ROLE_UPDATE',
  'GUILD_ROLE_DELETE',
  'CHANNEL_CREATE',
  'CHANNEL_UPDATE',
  'CHANNEL_DELETE',
  'CHANNEL_PINS_UPDATE',
  'THREAD_CREATE',
  'THREAD_UPDATE',
  'THREAD_DELETE',
  'THREAD_LIST_SYNC',
  'THREAD_MEMBER_UPDATE',
  'THREAD_MEMBERS_UPDATE',
]);

/** The intent a dispatch needs, so a client only gets what it asked for (0 = always sent). */
export function requiredIntent(t: string, guildScoped: boolean): number {
  if (GUILDS_EVENTS.has(t)) return GatewayIntentBits.Guilds;
  if (t.startsWith('GUILD_MEMBER_') && t !== 'GUILD_MEMBERS_CHUNK') return GatewayIntentBits.GuildMembers;
  if (t.startsWith('MESSAGE_REACTION_')) {
    return guildScoped ? GatewayIntentBits.GuildMessageReactions : GatewayIntentBits.DirectMessageReactions;
  }
  if (t.startsWith('MESSAGE_'))
    return guildScoped ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
  if (t === 'TYPING_START') {
    return guildScoped ? GatewayIntentBits.GuildMessageTyping : GatewayIntentBits.DirectMessageTyping;
  }
  return 0;
}

/** Discord routes a server's events to shard (guild_id >> 22) % shard_count; DMs go to shard 0. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
