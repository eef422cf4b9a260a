import type { APIUser, UserFlags } from 'discord-api-types/v10';
import { ChannelType } from 'discord-api-types/v10';
import type { Dict } from './json.js';
import type { FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser, World } from './state.js';
import { isThread } from './state.js';
import type { FakeMessage } from './types.js';

/** Discord-shaped JSON for the fake's state objects. */

export function apiUser(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

export function apiMember(
  member: FakeMember,
  options: { withUser?: boolean; permissions?: bigint } = {},
): Dict {
  return {
    ...(options.withUser === false ? {} : { user: apiUser(member.user) }),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    unusual_dm_activity_until: null,
    ...(options.permissions === undefined ? {} : { permissions: options.permissions.toString() }),
  };
}

export function apiRole(role: FakeRole): Dict {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable,
    flags: 0,
    ...(role.botId ? { tags: { bot_id: role.botId } } : {}),
  };
}

export function apiChannel(world: World, channel: FakeChannel, extra: Dict = {}): Dict {
  if (channel.type === ChannelType.DM) {
    const recipient = channel.recipientId ? world.users.get(channel.recipientId) : undefined;
    return {
      id: channel.id,
      type: channel.type,
      last_message_id: channel.lastMessageId,
      flags: 0,
      recipients: recipient ? [apiUser(recipient)] : [],
      ...extra,
    };
  }
  const base: Dict = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    parent_id: channel.parentId,
    flags: 0,
  };
  if (isThread(channel)) {
    const members = world.threadMembers.get(channel.id);
    const botJoin = members?.get(world.botUser.id);
    return {
      ...base,
      owner_id: channel.ownerId,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: channel.rateLimitPerUser,
      message_count: channel.messageCount,
      total_message_sent: channel.messageCount,
      member_count: Math.min(members?.size ?? 0, 50),
      thread_metadata: {
        archived: channel.archived ?? false,
        auto_archive_duration: channel.autoArchiveDuration ?? 1440,
        archive_timestamp: channel.archivedAt ?? channel.createdAt,
        locked: channel.locked ?? false,
        create_timestamp: channel.createdAt,
        ...(channel.type === ChannelType.PrivateThread ? { invitable: channel.invitable ?? true } : {}),
      },
      ...(botJoin
        ? { member: { id: channel.id, user_id: world.botUser.id, join_timestamp: botJoin, flags: 0 } }
        : {}),
      applied_tags: [],
      ...extra,
    };
  }
  return {
    ...base,
    position: channel.position,
    permission_overwrites: apiOverwrites(channel),
    ...(channel.type === ChannelType.GuildCategory
      ? {}
      : {
          nsfw: false,
          topic: channel.topic,
          last_message_id: channel.lastMessageId,
          rate_limit_per_user: channel.rateLimitPerUser,
        }),
    ...extra,
  };
}

/** Shape of GET /guilds/{id}. */
export function apiGuild(guild: FakeGuild, withCounts = false): Dict {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 2,
    roles: guild.roles.map(apiRole),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.defaultChannel.id,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
    ...(withCounts ? { approximate_member_count: guild.memberCount, approximate_presence_count: 0 } : {}),
    hub_type: null,
  };
}

/** The message as Discord returns it: fake-only bookkeeping fields stripped. */
export function apiMessage(message: FakeMessage, world?: World): Dict {
  const out: Dict = {
    id: message.id,
    type: message.type,
    channel_id: message.channel_id,
    author: message.author,
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    attachments: message.attachments,
    flags: message.flags,
    timestamp: message.timestamp,
    edited_timestamp: message.edited_timestamp,
    tts: message.tts,
    mention_everyone: message.mention_everyone,
    mentions: message.mentions,
    mention_roles: message.mention_roles,
    pinned: message.pinned,
  };
  if (message.nonce !== undefined) out['nonce'] = message.nonce;
  if (message.webhook_id) out['webhook_id'] = message.webhook_id;
  if (message.application_id) out['application_id'] = message.application_id;
  if (message.interaction_metadata) out['interaction_metadata'] = message.interaction_metadata;
  if (message.message_reference) out['message_reference'] = message.message_reference;
  if (message.reactions.length > 0) {
    out['reactions'] = message.reactions.map((emoji) => ({
      count: 1,
      me: true,
      emoji: { id: null, name: emoji },
      burst_colors: [],
      count_details: { burst: 0, normal: 1 },
      me_burst: false,
      burst_me: false,
      burst_count: 0,
    }));
  }
  if (message.thread_id && world) {
    const thread = world.channels.get(message.thread_id);
    if (thread && !thread.deleted) out['thread'] = apiChannel(world, thread);
  }
  return out;
}

/** A channel's permission overwrites as Discord sends them: bitfields as decimal strings. */
export function apiOverwrites(channel: FakeChannel): Dict[] {
  return channel.overwrites.map((o) => ({
    id: o.id,
    type: o.type,
    allow: o.allow.toString(),
    deny: o.deny.toString(),
  }));
}
