import type { InteractionType } from 'discord-api-types/v10';
import type {
  ComponentInput,
  InteractionContext,
  InteractionContextInput,
  UserRef,
} from './interaction-types.js';
import type { Dict } from './json.js';
import { asNumber } from './json.js';
import { findComponent, listCustomIds } from './component-ids.js';
import { ALL_PERMISSIONS, BOT_ROLE_PERMISSIONS, parsePermissions } from './permissions.js';
import { apiChannel, apiMember, apiMessage, apiUser } from './serialize.js';
import type { FakeChannel, FakeGuild, FakeMember, FakeUser, World } from './state.js';
import type { FakeMessage, StoredCommand } from './types.js';

// Who interacts, where and with what rights: the context of an injected interaction, checked as Discord
// would (a member of the guild, a channel they can see, a component that exists and is enabled), and the
// payload Discord sends for it.

function resolveUser(world: World, ref: UserRef, guild: FakeGuild | undefined): FakeUser {
  const key = typeof ref === 'string' ? ref : ref.id;
  const user = guild?.member(key)?.user ?? world.userByRef(key);
  if (!user) throw new Error(`fake-discord: unknown user "${key}"`);
  return user;
}

export function interactionContext(world: World, input: InteractionContextInput): InteractionContext {
  const locale = input.locale ?? 'en-US';
  if (input.dm) {
    const user = resolveUser(world, input.user, undefined);
    const channel = world.openDmChannel(user);
    return {
      user,
      member: undefined,
      guild: undefined,
      channel,
      channelPayload: apiChannel(world, channel),
      memberPermissions: 0n,
      appPermissions: BOT_ROLE_PERMISSIONS,
      locale,
    };
  }
  const guild = input.guildId ? world.guild(input.guildId) : world.guilds[0];
  if (!guild) throw new Error(`fake-discord: unknown guild "${input.guildId ?? '(none)'}"`);
  if (!guild.botPresent) throw new Error(`fake-discord: the bot is not in guild ${guild.id}`);
  const key = typeof input.user === 'string' ? input.user : input.user.id;
  const member = guild.member(key);
  if (!member) throw new Error(`fake-discord: "${key}" is not a member of guild ${guild.name}`);
  const channel = input.channelId
    ? (guild.channel(input.channelId) ?? world.channelInGuild(guild.id, input.channelId))
    : guild.defaultChannel;
  if (!channel) throw new Error(`fake-discord: unknown channel "${input.channelId ?? ''}" in ${guild.name}`);
  return guildContext(world, guild, member, channel, input.permissions, locale);
}

function guildContext(
  world: World,
  guild: FakeGuild,
  member: FakeMember,
  channel: FakeChannel,
  permissions: bigint | string | string[] | undefined,
  locale: string,
): InteractionContext {
  const memberPermissions =
    permissions !== undefined
      ? parsePermissions(permissions)
      : member.id === guild.ownerId
        ? ALL_PERMISSIONS
        : guild.permissionsOf(member, channel);
  return {
    user: member.user,
    member,
    guild,
    channel,
    channelPayload: apiChannel(world, channel, {
      permissions: memberPermissions.toString(),
    }),
    memberPermissions,
    appPermissions: guild.permissionsOf(guild.botMember, channel),
    locale,
  };
}

export function componentContext(
  world: World,
  input: ComponentInput,
  /** Who an earlier interaction was from (an ephemeral message is only theirs to click). */
  ownerOf: (interactionId: string) => string | undefined,
  types: readonly number[],
): { message: FakeMessage; component: Dict; ctx: InteractionContext } {
  const id = typeof input.message === 'string' ? input.message : input.message.id;
  const message = world.messages.get(id);
  if (!message || message.deleted) throw new Error(`fake-discord: message ${id} does not exist (deleted?)`);
  const component = findComponent(message.components, input.customId);
  if (!component) {
    const ids = listCustomIds(message.components);
    throw new Error(
      `fake-discord: message ${id} has no component "${input.customId}" (custom_ids: ${ids.join(', ') || 'none'})`,
    );
  }
  const type = asNumber(component['type']) ?? -1;
  if (!types.includes(type)) {
    throw new Error(
      `fake-discord: component "${input.customId}" has type ${type}, expected ${types.join('/')}`,
    );
  }
  if (component['disabled'] === true)
    throw new Error(`fake-discord: component "${input.customId}" is disabled`);
  const channel = world.channels.get(message.channel_id);
  if (!channel) throw new Error(`fake-discord: channel ${message.channel_id} is gone`);
  const guild = channel.guildId ? world.guild(channel.guildId) : undefined;
  if (message.ephemeral && message.interactionId) {
    const owner = ownerOf(message.interactionId);
    const user = resolveUser(world, input.user, guild);
    if (owner && owner !== user.id) {
      throw new Error(`fake-discord: message ${id} is ephemeral and only visible to ${owner}`);
    }
  }
  const ctx = guild
    ? interactionContext(world, {
        user: input.user,
        guildId: guild.id,
        channelId: channel.id,
        permissions: input.permissions,
        locale: input.locale,
      })
    : interactionContext(world, { user: input.user, dm: true, locale: input.locale });
  return { message, component, ctx };
}

export function findCommand(
  world: World,
  name: string,
  guildId: string | null,
  type: number,
): StoredCommand | undefined {
  const scopes = guildId ? [guildId, 'global'] : ['global'];
  for (const scope of scopes) {
    const found = world.commands.get(scope)?.find((c) => c.name === name && c.type === type);
    if (found) return found;
  }
  return undefined;
}

/** The INTERACTION_CREATE payload Discord sends for this context: guild and member, or a DM and its user. */
export function interactionPayload(
  world: World,
  ctx: InteractionContext,
  fields: { id: string; token: string; type: InteractionType; data: Dict; message: FakeMessage | null },
): Dict {
  const { id, token, type, data, message } = fields;
  const payload: Dict = {
    id,
    application_id: world.applicationId,
    type,
    token,
    version: 1,
    data,
    channel_id: ctx.channel.id,
    channel: ctx.channelPayload,
    app_permissions: ctx.appPermissions.toString(),
    locale: ctx.locale,
    entitlements: [],
    authorizing_integration_owners: { '0': ctx.guild?.id ?? '0' },
    context: ctx.guild ? 0 : 1,
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (ctx.guild && ctx.member) {
    payload['guild_id'] = ctx.guild.id;
    payload['guild'] = { id: ctx.guild.id, locale: 'en-US', features: [] };
    payload['guild_locale'] = 'en-US';
    payload['member'] = apiMember(ctx.member, { permissions: ctx.memberPermissions });
  } else {
    payload['user'] = apiUser(ctx.user);
  }
  if (message) payload['message'] = apiMessage(message, world);
  return payload;
}
