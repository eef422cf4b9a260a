import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { errors, FormErrors } from '../errors.js';
import type { Dict } from '../json.js';
import { asDict } from '../json.js';
import { apiChannel } from '../serialize.js';
import { isSnowflake } from '../snowflake.js';
import type { FakeChannel, FakeGuild } from '../state.js';
import { isThread } from '../state.js';
import type { RestServices, RouteContext, RouteDef, RouteResult } from './routes.js';

/**
 * What every route group shares: registering a route, answers, and the lookups that answer as Discord does
 * when an id is malformed, unknown or out of the bot's reach (with the permissions that takes).
 */

export const THREAD_ARCHIVE_DURATIONS = [60, 1440, 4320, 10080];

export type RouteKit = ReturnType<typeof routeKit>;

/** The kit for one route table: `add` appends to `routes`, in the order the groups register. */
export function routeKit(s: RestServices, routes: RouteDef[]) {
  const { world } = s;
  const add = (method: string, pattern: string, handler: RouteDef['handler'], auth = true): void => {
    routes.push({ method, pattern, segments: pattern.split('/').filter(Boolean), auth, handler });
  };
  const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
  const noContent = (): RouteResult => ({ status: 204 });

  /** Ids in paths must be snowflakes: Discord answers 50035 NUMBER_TYPE_COERCE otherwise. */
  const id = (ctx: RouteContext, name: string): string => {
    const value = ctx.params[name] ?? '';
    if (!isSnowflake(value)) {
      const form = new FormErrors();
      form.add([toSnake(name)], 'NUMBER_TYPE_COERCE', `Value "${value}" is not snowflake.`);
      throw form.toError();
    }
    return value;
  };
  const body = (ctx: RouteContext): Dict => asDict(ctx.body) ?? {};

  const guildFor = (ctx: RouteContext): FakeGuild => {
    const guild = world.guild(id(ctx, 'guildId'));
    if (!guild) throw errors.unknownGuild();
    if (!guild.botPresent) throw errors.missingAccess();
    return guild;
  };

  const botPermissions = (channel: FakeChannel): bigint => {
    const guild = world.guildOf(channel);
    return guild ? guild.permissionsOf(guild.botMember, channel) : 0n;
  };

  /**
   * A thread idle for its auto_archive_duration (minutes, on the fake's clock) is archived, as Discord does
   * in the background; checked whenever the bot touches the thread.
   */
  const archiveIfIdle = (channel: FakeChannel): void => {
    if (!isThread(channel) || channel.archived || channel.deleted) return;
    const since = channel.lastActivityMs;
    const minutes = channel.autoArchiveDuration;
    if (since === undefined || minutes === undefined) return;
    const at = since + minutes * 60_000;
    if (world.now() < at) return;
    channel.archived = true;
    channel.archivedAt = new Date(at).toISOString();
    s.emit(channel, 'THREAD_UPDATE', apiChannel(world, channel));
    world.changed();
  };

  /** A channel the bot can see: 10003 unknown, 50001 when it is not in the guild or lacks View Channel. */
  const channelFor = (ctx: RouteContext): FakeChannel => {
    const channel = world.channels.get(id(ctx, 'channelId'));
    if (!channel || channel.deleted) throw errors.unknownChannel();
    if (channel.type === ChannelType.DM) return channel;
    const guild = world.guildOf(channel);
    if (!guild || !guild.botPresent) throw errors.missingAccess();
    if ((botPermissions(channel) & PermissionFlagsBits.ViewChannel) === 0n) throw errors.missingAccess();
    world.botPermissionsUsed |= PermissionFlagsBits.ViewChannel;
    archiveIfIdle(channel);
    if (
      channel.type === ChannelType.PrivateThread &&
      !world.threadMembers.get(channel.id)?.has(world.botUser.id) &&
      (botPermissions(channel) & PermissionFlagsBits.ManageThreads) === 0n
    ) {
      throw errors.missingAccess();
    }
    return channel;
  };

  const requirePermission = (channel: FakeChannel, bit: bigint): void => {
    if (channel.type === ChannelType.DM) return;
    if ((botPermissions(channel) & bit) === 0n) throw errors.missingPermissions();
    world.botPermissionsUsed |= bit;
  };

  const threadFor = (ctx: RouteContext): FakeChannel => {
    const channel = channelFor(ctx);
    if (!isThread(channel)) throw errors.wrongChannelType();
    return channel;
  };

  const messageIn = (channel: FakeChannel, messageId: string) => {
    const message = world.messages.get(messageId);
    if (!message || message.deleted || message.channel_id !== channel.id || message.ephemeral) {
      throw errors.unknownMessage();
    }
    return message;
  };

  const unarchiveForSend = (channel: FakeChannel): void => {
    if (!isThread(channel) || !channel.archived) return;
    if (channel.locked) throw errors.archivedThread();
    channel.archived = false;
    channel.lastActivityMs = world.now();
    s.emit(channel, 'THREAD_UPDATE', apiChannel(world, channel));
  };
  return {
    s,
    world,
    add,
    ok,
    noContent,
    id,
    body,
    guildFor,
    botPermissions,
    archiveIfIdle,
    channelFor,
    requirePermission,
    threadFor,
    messageIn,
    unarchiveForSend,
  };
}

function toSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Discord echoes a nonce only in the create answer and MESSAGE_CREATE; fetched messages have none, so a bot
 * must recognise its own messages by what they say.
 */
export function withoutNonce<T extends Record<string, unknown>>(message: T): Omit<T, 'nonce'> {
  const { nonce: _nonce, ...rest } = message;
  return rest;
}
