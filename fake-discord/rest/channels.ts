import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { errors, FormErrors } from '../errors.js';
import { asArray, asNumber, asString } from '../json.js';
import { MessageService } from '../messages.js';
import { apiChannel, apiMessage } from '../serialize.js';
import { isThread } from '../state.js';
import { type RouteKit, withoutNonce } from './kit.js';

/** Channels and their messages, reactions and typing. */
export function addChannelRoutes(k: RouteKit): void {
  const {
    s,
    world,
    add,
    ok,
    noContent,
    id,
    body,
    channelFor,
    requirePermission,
    messageIn,
    unarchiveForSend,
  } = k;
  add('GET', '/channels/:channelId', (ctx) => ok(apiChannel(world, channelFor(ctx))));
  add('PATCH', '/channels/:channelId', (ctx) => {
    const channel = channelFor(ctx);
    const b = body(ctx);
    const form = new FormErrors();
    if ('name' in b) {
      const name = asString(b['name']);
      if (!name || name.length > 100)
        form.add(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    form.throwIfAny();
    if (isThread(channel)) {
      const owner = channel.ownerId === world.botUser.id;
      if (!owner) requirePermission(channel, PermissionFlagsBits.ManageThreads);
      if ('locked' in b) requirePermission(channel, PermissionFlagsBits.ManageThreads);
      if (typeof b['name'] === 'string') channel.name = b['name'];
      if (typeof b['archived'] === 'boolean') {
        channel.archived = b['archived'];
        channel.archivedAt = new Date(world.now()).toISOString();
        if (!channel.archived) channel.lastActivityMs = world.now();
      }
      if (typeof b['locked'] === 'boolean') channel.locked = b['locked'];
      if (typeof b['invitable'] === 'boolean') channel.invitable = b['invitable'];
      const duration = asNumber(b['auto_archive_duration']);
      if (duration !== undefined) channel.autoArchiveDuration = duration;
      s.emit(channel, 'THREAD_UPDATE', apiChannel(world, channel));
    } else {
      requirePermission(channel, PermissionFlagsBits.ManageChannels);
      if (typeof b['name'] === 'string') channel.name = b['name'];
      if ('topic' in b) channel.topic = asString(b['topic']) ?? null;
      s.emit(channel, 'CHANNEL_UPDATE', apiChannel(world, channel));
    }
    world.changed();
    return ok(apiChannel(world, channel));
  });
  add('DELETE', '/channels/:channelId', (ctx) => {
    const channel = channelFor(ctx);
    const payload = apiChannel(world, channel);
    if (channel.type === ChannelType.DM) return ok(payload);
    if (isThread(channel)) {
      if (channel.ownerId !== world.botUser.id) requirePermission(channel, PermissionFlagsBits.ManageThreads);
      channel.deleted = true;
      s.emit(channel, 'THREAD_DELETE', {
        id: channel.id,
        guild_id: channel.guildId,
        parent_id: channel.parentId,
        type: channel.type,
      });
    } else {
      requirePermission(channel, PermissionFlagsBits.ManageChannels);
      channel.deleted = true;
      s.emit(channel, 'CHANNEL_DELETE', payload);
    }
    world.changed();
    return ok(payload);
  });

  add('GET', '/channels/:channelId/messages', (ctx) => {
    const channel = channelFor(ctx);
    const limit = Number(ctx.query.get('limit') ?? '50');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      const form = new FormErrors();
      form.add(['limit'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 100.');
      throw form.toError();
    }
    const list = world.channelMessages.get(channel.id) ?? [];
    const before = ctx.query.get('before');
    const after = ctx.query.get('after');
    let selected = list;
    if (before) selected = selected.filter((m) => BigInt(m.id) < BigInt(before));
    if (after) selected = selected.filter((m) => BigInt(m.id) > BigInt(after));
    const newestFirst = [...selected].reverse();
    const page = after ? newestFirst.slice(-limit) : newestFirst.slice(0, limit);
    return ok(page.map((m) => withoutNonce(apiMessage(m, world))));
  });
  add('GET', '/channels/:channelId/messages/:messageId', (ctx) => {
    const channel = channelFor(ctx);
    return ok(withoutNonce(apiMessage(messageIn(channel, id(ctx, 'messageId')), world)));
  });
  add('POST', '/channels/:channelId/messages', (ctx) => {
    const channel = channelFor(ctx);
    if (!MessageService.isTextBased(channel)) throw errors.nonTextChannel();
    if (channel.type === ChannelType.DM) {
      const recipient = channel.recipientId ? world.users.get(channel.recipientId) : undefined;
      // Discord refuses DMs to users who closed them, to bots, and to users sharing no server with the bot.
      const sharesGuild = world.guilds.some(
        (g) => g.botPresent && recipient !== undefined && g.hasMember(recipient.id),
      );
      if (!recipient || !recipient.dmsOpen || recipient.bot || !sharesGuild) throw errors.cannotDmUser();
    } else {
      requirePermission(
        channel,
        isThread(channel) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages,
      );
      // Discord answers 50013 for embeds without Embed Links and files without Attach Files.
      if ((asArray(body(ctx)['embeds']) ?? []).length > 0)
        requirePermission(channel, PermissionFlagsBits.EmbedLinks);
      if (ctx.files.length > 0) requirePermission(channel, PermissionFlagsBits.AttachFiles);
      unarchiveForSend(channel);
    }
    const { message } = s.messages.createOrReplay({
      channel,
      author: world.botUser,
      body: body(ctx),
      files: ctx.files,
      enforceNonce: true,
    });
    return ok(apiMessage(message, world));
  });
  add('PATCH', '/channels/:channelId/messages/:messageId', (ctx) => {
    const channel = channelFor(ctx);
    const message = messageIn(channel, id(ctx, 'messageId'));
    if (message.author.id !== world.botUser.id) throw errors.cannotEditOthersMessage();
    return ok(apiMessage(s.messages.edit(message, body(ctx), ctx.files), world));
  });
  add('DELETE', '/channels/:channelId/messages/:messageId', (ctx) => {
    const channel = channelFor(ctx);
    const message = messageIn(channel, id(ctx, 'messageId'));
    if (message.author.id !== world.botUser.id)
      requirePermission(channel, PermissionFlagsBits.ManageMessages);
    s.messages.delete(message);
    return noContent();
  });
  for (const method of ['PUT', 'DELETE'] as const) {
    add(method, '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (ctx) => {
      const channel = channelFor(ctx);
      const message = messageIn(channel, id(ctx, 'messageId'));
      if (method === 'PUT') requirePermission(channel, PermissionFlagsBits.AddReactions);
      const emoji = ctx.params['emoji'] ?? '';
      message.reactions = message.reactions.filter((e) => e !== emoji);
      if (method === 'PUT') message.reactions.push(emoji);
      world.changed();
      return noContent();
    });
  }
  add('POST', '/channels/:channelId/typing', (ctx) => {
    channelFor(ctx);
    return noContent();
  });
}
