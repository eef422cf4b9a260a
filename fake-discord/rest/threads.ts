import { ChannelType, GatewayIntentBits, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { errors, FormErrors } from '../errors.js';
import type { Dict } from '../json.js';
import { asNumber, asString } from '../json.js';
import { apiChannel, apiMember } from '../serialize.js';
import type { FakeChannel } from '../state.js';
import { newChannel } from '../fixtures.js';
import { type RouteKit, THREAD_ARCHIVE_DURATIONS } from './kit.js';
import type { RouteContext } from './routes.js';

/** Threads: started in a channel or from a message, and their members. */
export function addThreadRoutes(k: RouteKit): void {
  const { s, world, add, ok, noContent, id, body, channelFor, requirePermission, threadFor, messageIn } = k;
  const createThread = (parent: FakeChannel, b: Dict, type: ChannelType, threadId: string): FakeChannel => {
    const form = new FormErrors();
    const name = asString(b['name']);
    if (!name || [...name].length > 100) {
      form.add(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    const duration = asNumber(b['auto_archive_duration']) ?? 4320;
    if (!THREAD_ARCHIVE_DURATIONS.includes(duration)) {
      form.add(
        ['auto_archive_duration'],
        'BASE_TYPE_CHOICES',
        'Value must be one of {60, 1440, 4320, 10080}.',
      );
    }
    form.throwIfAny();
    const now = new Date().toISOString();
    const thread = newChannel(threadId, parent.guildId, type, name ?? '', parent.id, 0, now);
    thread.ownerId = world.botUser.id;
    thread.autoArchiveDuration = duration;
    thread.lastActivityMs = world.now();
    thread.archived = false;
    thread.locked = false;
    thread.rateLimitPerUser = asNumber(b['rate_limit_per_user']) ?? 0;
    if (type === ChannelType.PrivateThread) thread.invitable = b['invitable'] !== false;
    world.channels.set(thread.id, thread);
    world.threadMembers.set(thread.id, new Map([[world.botUser.id, now]]));
    s.emit(thread, 'THREAD_CREATE', { ...apiChannel(world, thread), newly_created: true });
    world.changed();
    return thread;
  };
  add('POST', '/channels/:channelId/threads', (ctx) => {
    const parent = channelFor(ctx);
    const b = body(ctx);
    const type = asNumber(b['type']);
    const form = new FormErrors();
    const allowed =
      parent.type === ChannelType.GuildAnnouncement
        ? [ChannelType.AnnouncementThread]
        : parent.type === ChannelType.GuildText
          ? [ChannelType.PublicThread, ChannelType.PrivateThread]
          : [];
    if (allowed.length === 0) throw errors.wrongChannelType();
    // API v10 has no default thread type.
    if (type === undefined) form.add(['type'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else if (!allowed.includes(type)) {
      form.add(['type'], 'BASE_TYPE_CHOICES', `Value must be one of {${allowed.join(', ')}}.`);
    }
    form.throwIfAny();
    const threadType = type as ChannelType;
    requirePermission(
      parent,
      threadType === ChannelType.PrivateThread
        ? PermissionFlagsBits.CreatePrivateThreads
        : PermissionFlagsBits.CreatePublicThreads,
    );
    return ok(apiChannel(world, createThread(parent, b, threadType, world.ids.next())), 201);
  });
  add('POST', '/channels/:channelId/messages/:messageId/threads', (ctx) => {
    const parent = channelFor(ctx);
    if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement) {
      throw errors.wrongChannelType();
    }
    const message = messageIn(parent, id(ctx, 'messageId'));
    if (message.thread_id) throw errors.threadAlreadyCreated();
    requirePermission(parent, PermissionFlagsBits.CreatePublicThreads);
    const type =
      parent.type === ChannelType.GuildAnnouncement
        ? ChannelType.AnnouncementThread
        : ChannelType.PublicThread;
    // A thread started from a message shares the message's id.
    const thread = createThread(parent, body(ctx), type, message.id);
    message.thread_id = thread.id;
    message.flags |= MessageFlags.HasThread;
    return ok(apiChannel(world, thread), 201);
  });
  const threadMemberPayload = (thread: FakeChannel, userId: string, joined: string): Dict => ({
    id: thread.id,
    user_id: userId,
    join_timestamp: joined,
    flags: 0,
  });
  const userParam = (ctx: RouteContext): string =>
    ctx.params['userId'] === '@me' ? world.botUser.id : id(ctx, 'userId');
  add('GET', '/channels/:channelId/thread-members', (ctx) => {
    const thread = threadFor(ctx);
    const members = world.threadMembers.get(thread.id) ?? new Map<string, string>();
    return ok([...members].map(([userId, joined]) => threadMemberPayload(thread, userId, joined)));
  });
  add('GET', '/channels/:channelId/thread-members/:userId', (ctx) => {
    const thread = threadFor(ctx);
    const userId = userParam(ctx);
    const joined = world.threadMembers.get(thread.id)?.get(userId);
    if (!joined) throw errors.unknownMember();
    return ok(threadMemberPayload(thread, userId, joined));
  });
  add('PUT', '/channels/:channelId/thread-members/:userId', (ctx) => {
    const thread = threadFor(ctx);
    const guild = world.guildOf(thread);
    const userId = userParam(ctx);
    const member = guild?.member(userId);
    if (!guild || !member) throw errors.unknownMember();
    // Discord refuses to add anyone to an archived thread (the bot must unarchive it first).
    if (thread.archived) throw errors.archivedThread();
    if (userId !== world.botUser.id) requirePermission(thread, PermissionFlagsBits.SendMessagesInThreads);
    let members = world.threadMembers.get(thread.id);
    if (!members) {
      members = new Map();
      world.threadMembers.set(thread.id, members);
    }
    if (!members.has(userId)) {
      const joined = new Date().toISOString();
      members.set(userId, joined);
      // Without GuildMembers, Discord only tells the bot about itself being added.
      s.emit(
        thread,
        'THREAD_MEMBERS_UPDATE',
        {
          id: thread.id,
          guild_id: guild.id,
          member_count: Math.min(members.size, 50),
          added_members: [{ ...threadMemberPayload(thread, userId, joined), member: apiMember(member) }],
        },
        userId === world.botUser.id ? 0 : GatewayIntentBits.GuildMembers,
      );
      world.changed();
    }
    return noContent();
  });
  add('DELETE', '/channels/:channelId/thread-members/:userId', (ctx) => {
    const thread = threadFor(ctx);
    const userId = userParam(ctx);
    const members = world.threadMembers.get(thread.id);
    if (userId !== world.botUser.id && thread.ownerId !== world.botUser.id) {
      requirePermission(thread, PermissionFlagsBits.ManageThreads);
    }
    if (members?.delete(userId)) {
      s.emit(
        thread,
        'THREAD_MEMBERS_UPDATE',
        { id: thread.id, guild_id: thread.guildId, member_count: members.size, removed_member_ids: [userId] },
        userId === world.botUser.id ? 0 : GatewayIntentBits.GuildMembers,
      );
      world.changed();
    }
    return noContent();
  });
}
