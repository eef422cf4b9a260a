import { ChannelType, GatewayIntentBits, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import type { CommandStore } from './commands.js';
import { DiscordHttpError, errors, FormErrors } from './errors.js';
import type { Gateway } from './gateway.js';
import type { InteractionRegistry } from './interactions.js';
import type { Dict } from './json.js';
import { asArray, asDict, asNumber, asString } from './json.js';
import { MessageService } from './messages.js';
import { apiChannel, apiGuild, apiMember, apiMessage, apiRole, apiUser } from './serialize.js';
import { isSnowflake } from './snowflake.js';
import type { FakeChannel, FakeGuild, World } from './state.js';
import { isThread } from './state.js';
import type { FakeFile } from './types.js';
import { newChannel } from './fixtures.js';

export interface RouteContext {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: FakeFile[];
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface RouteDef {
  method: string;
  pattern: string;
  segments: string[];
  /** false for interaction callbacks and webhook-token routes, which Discord serves without a bot token. */
  auth: boolean;
  handler: (ctx: RouteContext) => RouteResult;
}

export interface RestServices {
  world: World;
  messages: MessageService;
  interactions: InteractionRegistry;
  gateway: Gateway;
  commands: CommandStore;
  gatewayUrl: () => string;
  /** `shards` of GET /gateway/bot. */
  recommendedShards: () => number;
  /** Whether the GuildMembers privileged intent is enabled for the app (member listing needs it). */
  membersIntentEnabled: boolean;
  /** A channel-scoped gateway event (guild or DM routing); `extraIntent` adds an intent requirement. */
  emit: (channel: FakeChannel, t: string, d: Dict, extraIntent?: number) => void;
  emitGuild: (guild: FakeGuild, t: string, d: Dict, extraIntent?: number) => void;
}

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

/** Finds the route for decoded path segments; `methodMismatch` when the path exists with other methods. */
export function matchRoute(
  routes: readonly RouteDef[],
  method: string,
  segments: readonly string[],
): RouteMatch | { methodMismatch: boolean } {
  let pathExists = false;
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length; i += 1) {
      const want = route.segments[i] ?? '';
      const got = segments[i] ?? '';
      if (want.startsWith(':')) params[want.slice(1)] = got;
      else if (want !== got) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    pathExists = true;
    if (route.method === method) return { route, params };
  }
  return { methodMismatch: pathExists };
}

const THREAD_ARCHIVE_DURATIONS = [60, 1440, 4320, 10080];

export function createRoutes(s: RestServices): RouteDef[] {
  const { world } = s;
  const routes: RouteDef[] = [];
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

  // ---- gateway ----------------------------------------------------------------------------------------------
  add('GET', '/gateway', () => ok({ url: s.gatewayUrl() }), false);
  add('GET', '/gateway/bot', () =>
    ok({
      url: s.gatewayUrl(),
      shards: s.recommendedShards(),
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    }),
  );

  // ---- users ----------------------------------------------------------------------------------------------
  add('GET', '/users/@me', () =>
    ok({ ...apiUser(world.botUser), bot: true, verified: true, mfa_enabled: false }),
  );
  add('GET', '/users/@me/guilds', () =>
    ok(
      world.guilds
        .filter((g) => g.botPresent)
        .map((g) => ({
          id: g.id,
          name: g.name,
          icon: null,
          banner: null,
          owner: false,
          permissions: g.permissionsOf(g.botMember).toString(),
          features: [],
        })),
    ),
  );
  add('DELETE', '/users/@me/guilds/:guildId', (ctx) => {
    const guild = guildFor(ctx);
    s.emitGuild(guild, 'GUILD_DELETE', { id: guild.id });
    guild.botPresent = false;
    guild.removeMember(world.botUser.id);
    world.changed();
    return noContent();
  });
  add('GET', '/users/:userId', (ctx) => {
    const user = world.users.get(id(ctx, 'userId'));
    if (!user) throw errors.unknownUser();
    return ok(apiUser(user));
  });
  add('POST', '/users/@me/channels', (ctx) => {
    const recipient = body(ctx)['recipient_id'];
    if (!isSnowflake(recipient)) {
      const form = new FormErrors();
      form.add(['recipient_id'], 'NUMBER_TYPE_COERCE', `Value "${String(recipient)}" is not snowflake.`);
      throw form.toError();
    }
    const user = world.users.get(recipient);
    if (!user) throw errors.unknownUser();
    return ok(apiChannel(world, world.openDmChannel(user)));
  });

  // ---- application & commands -----------------------------------------------------------------------------
  const application = (): Dict => {
    const owner = world.guilds[0]?.owner.user;
    return {
      id: world.applicationId,
      name: world.botUser.username,
      icon: null,
      description: 'Stepwise (fake Discord)',
      summary: '',
      type: null,
      hook: true,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      owner: owner ? apiUser(owner) : null,
      team: null,
      bot: apiUser(world.botUser),
      approximate_guild_count: world.guilds.filter((g) => g.botPresent).length,
      approximate_user_install_count: 0,
      integration_types_config: { '0': {} },
      redirect_uris: [],
      interactions_endpoint_url: null,
      role_connections_verification_url: null,
      tags: [],
    };
  };
  add('GET', '/applications/@me', () => ok(application()));
  add('GET', '/oauth2/applications/@me', () => ok(application()));

  const appScope = (ctx: RouteContext, guildScoped: boolean): string => {
    if (id(ctx, 'applicationId') !== world.applicationId) throw errors.missingAccess();
    return guildScoped ? guildFor(ctx).id : 'global';
  };
  for (const [prefix, guildScoped] of [
    ['/applications/:applicationId/commands', false],
    ['/applications/:applicationId/guilds/:guildId/commands', true],
  ] as const) {
    add('GET', prefix, (ctx) => ok(s.commands.list(appScope(ctx, guildScoped))));
    add('PUT', prefix, (ctx) => ok(s.commands.overwrite(appScope(ctx, guildScoped), ctx.body)));
    add('POST', prefix, (ctx) => {
      const { command, created } = s.commands.upsert(appScope(ctx, guildScoped), ctx.body);
      return ok(command, created ? 201 : 200);
    });
    add('GET', `${prefix}/:commandId`, (ctx) =>
      ok(s.commands.get(appScope(ctx, guildScoped), id(ctx, 'commandId'))),
    );
    add('PATCH', `${prefix}/:commandId`, (ctx) =>
      ok(s.commands.edit(appScope(ctx, guildScoped), id(ctx, 'commandId'), ctx.body)),
    );
    add('DELETE', `${prefix}/:commandId`, (ctx) => {
      s.commands.delete(appScope(ctx, guildScoped), id(ctx, 'commandId'));
      return noContent();
    });
  }

  // ---- guilds ---------------------------------------------------------------------------------------------
  add('GET', '/guilds/:guildId', (ctx) =>
    ok(apiGuild(guildFor(ctx), ctx.query.get('with_counts') === 'true')),
  );
  add('GET', '/guilds/:guildId/channels', (ctx) =>
    ok(guildFor(ctx).channels.map((c) => apiChannel(world, c))),
  );
  add('GET', '/guilds/:guildId/roles', (ctx) => ok(guildFor(ctx).roles.map(apiRole)));
  const requireMembersIntent = (): void => {
    if (!s.membersIntentEnabled) throw errors.missingAccess();
  };
  add('GET', '/guilds/:guildId/members', (ctx) => {
    const guild = guildFor(ctx);
    requireMembersIntent();
    const limit = Number(ctx.query.get('limit') ?? '1');
    const after = ctx.query.get('after') ?? '0';
    const form = new FormErrors();
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      form.add(['limit'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 1000.');
    }
    if (!/^\d+$/.test(after)) form.add(['after'], 'NUMBER_TYPE_COERCE', `Value "${after}" is not snowflake.`);
    form.throwIfAny();
    return ok(guild.membersAfter(after, limit).map((m) => apiMember(m)));
  });
  add('GET', '/guilds/:guildId/members/search', (ctx) => {
    const guild = guildFor(ctx);
    requireMembersIntent();
    const query = (ctx.query.get('query') ?? '').toLowerCase();
    const limit = Math.min(1000, Math.max(1, Number(ctx.query.get('limit') ?? '1')));
    const found = [];
    for (const m of guild.allMembers()) {
      if (found.length >= limit) break;
      if (m.username.toLowerCase().startsWith(query) || (m.nick ?? '').toLowerCase().startsWith(query))
        found.push(m);
    }
    return ok(found.map((m) => apiMember(m)));
  });
  add('GET', '/guilds/:guildId/members/:userId', (ctx) => {
    const member = guildFor(ctx).member(id(ctx, 'userId'));
    if (!member) throw errors.unknownMember();
    return ok(apiMember(member));
  });
  const memberUpdated = (guild: FakeGuild, userId: string): Dict => {
    const member = guild.member(userId);
    if (!member) throw errors.unknownMember();
    const payload = { guild_id: guild.id, ...apiMember(member) };
    s.emitGuild(guild, 'GUILD_MEMBER_UPDATE', payload);
    world.changed();
    return apiMember(member);
  };
  add('PATCH', '/guilds/:guildId/members/:userId', (ctx) => {
    const guild = guildFor(ctx);
    const member = guild.member(id(ctx, 'userId'));
    if (!member) throw errors.unknownMember();
    const b = body(ctx);
    if ('nick' in b) member.nick = asString(b['nick']) ?? null;
    if (Array.isArray(b['roles'])) {
      const roles = b['roles'].map(String);
      if (roles.some((r) => !guild.role(r))) throw errors.unknownRole();
      member.roles = roles.filter((r) => r !== guild.id);
    }
    return ok(memberUpdated(guild, member.id));
  });
  for (const method of ['PUT', 'DELETE'] as const) {
    add(method, '/guilds/:guildId/members/:userId/roles/:roleId', (ctx) => {
      const guild = guildFor(ctx);
      const member = guild.member(id(ctx, 'userId'));
      if (!member) throw errors.unknownMember();
      const role = guild.role(id(ctx, 'roleId'));
      if (!role) throw errors.unknownRole();
      if (role.managed || role.id === guild.id) throw errors.missingPermissions();
      if ((guild.permissionsOf(guild.botMember) & PermissionFlagsBits.ManageRoles) === 0n) {
        throw errors.missingPermissions();
      }
      const has = member.roles.includes(role.id);
      if (method === 'PUT' && !has) member.roles.push(role.id);
      if (method === 'DELETE' && has) member.roles = member.roles.filter((r) => r !== role.id);
      memberUpdated(guild, member.id);
      return noContent();
    });
  }
  add('GET', '/guilds/:guildId/threads/active', (ctx) => {
    const guild = guildFor(ctx);
    for (const c of world.channels.values()) if (c.guildId === guild.id) archiveIfIdle(c);
    const threads = [...world.channels.values()].filter(
      (c) => c.guildId === guild.id && isThread(c) && !c.deleted && !c.archived,
    );
    return ok({
      threads: threads.map((t) => apiChannel(world, t)),
      members: threads
        .filter((t) => world.threadMembers.get(t.id)?.has(world.botUser.id))
        .map((t) => ({
          id: t.id,
          user_id: world.botUser.id,
          join_timestamp: world.threadMembers.get(t.id)?.get(world.botUser.id),
          flags: 0,
        })),
    });
  });

  // ---- channels -------------------------------------------------------------------------------------------
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

  // ---- threads --------------------------------------------------------------------------------------------
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

  // ---- interactions ---------------------------------------------------------------------------------------
  add(
    'POST',
    '/interactions/:interactionId/:token/callback',
    (ctx) =>
      s.interactions.callback(
        ctx.params['interactionId'] ?? '',
        ctx.params['token'] ?? '',
        ctx.body,
        ctx.files,
        ctx.query.get('with_response') === 'true',
      ),
    false,
  );
  add(
    'POST',
    '/webhooks/:applicationId/:token',
    (ctx) => {
      const record = s.interactions.webhookRecord(
        ctx.params['applicationId'] ?? '',
        ctx.params['token'] ?? '',
      );
      const message = s.interactions.followUp(record, ctx.body, ctx.files);
      return ctx.query.get('wait') === 'true' ? ok(apiMessage(message, world)) : noContent();
    },
    false,
  );
  const webhookMessage = '/webhooks/:applicationId/:token/messages/:messageId';
  add(
    'GET',
    webhookMessage,
    (ctx) => {
      const record = s.interactions.webhookRecord(
        ctx.params['applicationId'] ?? '',
        ctx.params['token'] ?? '',
      );
      return ok(apiMessage(s.interactions.webhookMessage(record, ctx.params['messageId'] ?? ''), world));
    },
    false,
  );
  add(
    'PATCH',
    webhookMessage,
    (ctx) => {
      const record = s.interactions.webhookRecord(
        ctx.params['applicationId'] ?? '',
        ctx.params['token'] ?? '',
      );
      const message = s.interactions.editWebhookMessage(
        record,
        ctx.params['messageId'] ?? '',
        ctx.body,
        ctx.files,
      );
      return ok(apiMessage(message, world));
    },
    false,
  );
  add(
    'DELETE',
    webhookMessage,
    (ctx) => {
      const record = s.interactions.webhookRecord(
        ctx.params['applicationId'] ?? '',
        ctx.params['token'] ?? '',
      );
      s.interactions.deleteWebhookMessage(record, ctx.params['messageId'] ?? '');
      return noContent();
    },
    false,
  );

  return routes;
}

function toSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Ensures a thrown value is a DiscordHttpError (anything else is a bug in the fake: answered 500). */
export function asHttpError(error: unknown): DiscordHttpError {
  if (error instanceof DiscordHttpError) return error;
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return new DiscordHttpError(500, { message: `fake-discord internal error: ${message}`, code: 0 });
}

/**
 * Discord echoes a nonce only in the create answer and MESSAGE_CREATE; fetched messages have none, so a bot
 * must recognise its own messages by what they say.
 */
function withoutNonce<T extends Record<string, unknown>>(message: T): Omit<T, 'nonce'> {
  const { nonce: _nonce, ...rest } = message;
  return rest;
}
