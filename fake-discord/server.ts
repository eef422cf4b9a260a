import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { CommandStore } from './commands.js';
import { errors } from './errors.js';
import type { DelayNextSpec, FailNextSpec } from './faults.js';
import { Faults } from './faults.js';
import { DEFAULT_TOKEN, buildWorld, makeMember, makeUser } from './fixtures.js';
import type { DropMode } from './gateway.js';
import { Gateway } from './gateway.js';
import type { ParsedBody } from './http-body.js';
import { parseBody, readRaw } from './http-body.js';
import type { InteractionHandle } from './interaction-handle.js';
import type {
  AutocompleteInput,
  ComponentInput,
  ModalSubmitInput,
  SelectInput,
  SlashInput,
  UserRef,
} from './interaction-types.js';
import { InteractionRegistry } from './interactions.js';
import type { Dict } from './json.js';
import { MessageService } from './messages.js';
import { SEND_PERMISSIONS } from './permissions.js';
import { RateLimiter } from './rate-limit.js';
import { asHttpError, createRoutes, matchRoute } from './rest/routes.js';
import type { RouteDef } from './rest/routes.js';
import { apiMember, apiUser } from './serialize.js';
import { SnowflakeGenerator } from './snowflake.js';
import type { FakeChannel, FakeGuild, FakeMember, FakeUser, MentionViolation, World } from './state.js';
import { isThread } from './state.js';
import type {
  FakeDiscordOptions,
  FakeMessage,
  FakeStats,
  MemberSeed,
  RecordedRequest,
  StoredCommand,
} from './types.js';
import { Waiters } from './wait.js';

const API_PREFIX = '/api/v10';

function emptyStats(): FakeStats {
  return {
    connections: 0,
    identifies: 0,
    resumes: 0,
    invalidSessions: 0,
    heartbeats: 0,
    dispatches: 0,
    requests: 0,
    rateLimited: 0,
    globalRateLimited: 0,
    interactions: 0,
    callbacks: 0,
    unknownRoutes: 0,
  };
}

interface Reply {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
}

/** The running fake: HTTP REST under /api/v10 and the gateway on the same 127.0.0.1 port. */
export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  /** Everything the REST API answered, oldest first (bounded by maxRecordedRequests). */
  readonly requests: RecordedRequest[] = [];
  readonly stats: FakeStats = emptyStats();
  private readonly world: World;
  private readonly http: Server;
  private readonly gateway: Gateway;
  private readonly messages: MessageService;
  private readonly registry: InteractionRegistry;
  private readonly commandStore: CommandStore;
  private readonly faults = new Faults();
  private readonly limiter: RateLimiter | null;
  private readonly routes: RouteDef[];
  private readonly waiters: Waiters;
  private readonly sleepers = new Set<() => void>();
  private readonly log: (line: string) => void;
  private readonly maxRequests: number;
  private readonly memberIds = new SnowflakeGenerator(3);
  private requestSeq = 0;
  private listeningPort = 0;
  private closed = false;

  constructor(private readonly options: FakeDiscordOptions = {}) {
    this.token = options.token ?? DEFAULT_TOKEN;
    this.world = buildWorld(options);
    this.applicationId = this.world.applicationId;
    this.maxRequests = options.maxRecordedRequests ?? 100_000;
    this.log =
      options.log ??
      (process.env['FAKE_DISCORD_LOG'] ? (line) => console.error(`[fake-discord] ${line}`) : () => {});
    this.waiters = new Waiters(this.world.events, options.defaultTimeoutMs ?? 5000);
    const rateLimit = options.rateLimit;
    this.limiter = rateLimit ? new RateLimiter(rateLimit === true ? {} : rateLimit) : null;
    this.gateway = new Gateway({
      world: this.world,
      token: this.token,
      heartbeatInterval: options.heartbeatInterval ?? 41_250,
      allowedPrivilegedIntents:
        options.allowedPrivilegedIntents ??
        GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent,
      guildCreateMembers: options.guildCreateMembers ?? 'discord',
      maxGuildsPerShard: options.maxGuildsPerShard ?? 2500,
      stats: this.stats,
      log: this.log,
      resumeUrl: () => `ws://127.0.0.1:${this.listeningPort}/resume`,
    });
    this.messages = new MessageService(
      this.world,
      () => this.httpUrl,
      (channel, t, d) => this.emit(channel, t, d),
      options.nonceWindowMs,
    );
    this.registry = new InteractionRegistry({
      world: this.world,
      messages: this.messages,
      gateway: this.gateway,
      waiters: this.waiters,
      stats: this.stats,
      settings: {
        enforceDeadline: options.enforceDeadline ?? true,
        deadlineMs: options.deadlineMs ?? 3000,
        tokenLifetimeMs: options.interactionTokenLifetimeMs ?? 15 * 60_000,
        strictCommands: options.strictCommands ?? false,
      },
      baseUrl: () => this.httpUrl,
      attachmentFiles: this.messages.attachmentFiles,
      log: this.log,
    });
    this.commandStore = new CommandStore(this.world);
    this.routes = createRoutes({
      world: this.world,
      messages: this.messages,
      interactions: this.registry,
      gateway: this.gateway,
      commands: this.commandStore,
      gatewayUrl: () => this.gatewayUrl,
      recommendedShards: () =>
        options.recommendedShards ??
        Math.max(1, Math.ceil(this.world.guilds.filter((g) => g.botPresent).length / 1000)),
      membersIntentEnabled:
        ((options.allowedPrivilegedIntents ?? GatewayIntentBits.GuildMembers) &
          GatewayIntentBits.GuildMembers) !==
        0,
      emit: (channel, t, d, extra) => this.emit(channel, t, d, extra),
      emitGuild: (guild, t, d, extra) => this.gateway.dispatchGuild(guild, t, d, extra),
    });
    this.http = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.http.on('upgrade', (req, socket, head: Buffer) => this.gateway.handleUpgrade(req, socket, head));
  }

  /** @internal use startFakeDiscord() */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', () => resolve());
    });
    this.listeningPort = (this.http.address() as AddressInfo).port;
    this.log(`listening on ${this.httpUrl}`);
  }

  // ---- addresses ------------------------------------------------------------------------------------------

  get port(): number {
    return this.listeningPort;
  }

  /** http://127.0.0.1:PORT */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.listeningPort}`;
  }

  /** Pass as `rest: { api }` (discord.js appends /v10 itself). */
  get apiUrl(): string {
    return `${this.httpUrl}/api`;
  }

  /** Full REST base, for raw fetches. */
  get restUrl(): string {
    return `${this.httpUrl}${API_PREFIX}`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.listeningPort}`;
  }

  // ---- world ----------------------------------------------------------------------------------------------

  /** The first guild. */
  get guild(): FakeGuild {
    const guild = this.world.guilds[0];
    if (!guild) throw new Error('fake-discord: no guild configured');
    return guild;
  }

  get guilds(): readonly FakeGuild[] {
    return this.world.guilds;
  }

  get botUser(): FakeUser {
    return this.world.botUser;
  }

  /** A user by id or username. */
  user(ref: UserRef): FakeUser {
    const key = typeof ref === 'string' ? ref : ref.id;
    const user = this.world.userByRef(key);
    if (!user) throw new Error(`fake-discord: unknown user "${key}"`);
    return user;
  }

  /** A member of a guild (default: the first) by id or username. */
  member(ref: UserRef, guildId?: string): FakeMember {
    const guild = this.guildById(guildId);
    const key = typeof ref === 'string' ? ref : ref.id;
    const member = guild.member(key);
    if (!member) throw new Error(`fake-discord: "${key}" is not a member of ${guild.name}`);
    return member;
  }

  /** A channel or thread by id, or by name in the first guild ('general', '#interviews'). */
  channel(ref: string): FakeChannel {
    const channel =
      this.world.channels.get(ref) ??
      this.guild.channel(ref) ??
      this.threads.find((t) => t.name === ref.replace(/^#/, ''));
    if (!channel) throw new Error(`fake-discord: unknown channel "${ref}"`);
    return channel;
  }

  /** Every thread the bot created (deleted ones included, flagged `deleted`). */
  get threads(): FakeChannel[] {
    return [...this.world.channels.values()].filter(isThread);
  }

  /** User ids currently in a thread (the bot included). */
  threadMembers(threadId: string): string[] {
    return [...(this.world.threadMembers.get(threadId)?.keys() ?? [])];
  }

  /** Registered commands: 'global' (default) or a guild id. */
  commands(scope = 'global'): StoredCommand[] {
    return this.commandStore.list(scope);
  }

  /** Non-ephemeral messages in a channel (id or name), oldest first. */
  messagesIn(channelRef: string): FakeMessage[] {
    return [...(this.world.channelMessages.get(this.channel(channelRef).id) ?? [])];
  }

  /** Messages the bot sent to this user's DM channel. */
  dmsTo(userRef: UserRef): FakeMessage[] {
    const channelId = this.world.dmChannelByUser.get(this.user(userRef).id);
    const list = channelId ? (this.world.channelMessages.get(channelId) ?? []) : [];
    return list.filter((m) => m.author.id === this.world.botUser.id);
  }

  dmChannelOf(userRef: UserRef): FakeChannel | undefined {
    const channelId = this.world.dmChannelByUser.get(this.user(userRef).id);
    return channelId ? this.world.channels.get(channelId) : undefined;
  }

  /** Any message by id (ephemeral ones included). */
  message(id: string): FakeMessage | undefined {
    return this.world.messages.get(id);
  }

  /** Every message ever created, in creation order (ephemeral and deleted included). */
  allMessages(): FakeMessage[] {
    return [...this.world.messages.values()];
  }

  // ---- interactions ---------------------------------------------------------------------------------------

  async slash(input: SlashInput): Promise<InteractionHandle> {
    return this.registry.slash(input);
  }

  async autocomplete(input: AutocompleteInput): Promise<InteractionHandle> {
    return this.registry.autocomplete(input);
  }

  async clickButton(input: ComponentInput): Promise<InteractionHandle> {
    return this.registry.clickButton(input);
  }

  async selectMenu(input: SelectInput): Promise<InteractionHandle> {
    return this.registry.selectMenu(input);
  }

  async submitModal(input: ModalSubmitInput): Promise<InteractionHandle> {
    return this.registry.submitModal(input);
  }

  interaction(id: string): InteractionHandle | undefined {
    return this.registry.handle(id);
  }

  // ---- gateway control ------------------------------------------------------------------------------------

  /** Sends any dispatch event (routed by d.guild_id), unfiltered by intents. Returns the sessions reached. */
  dispatch(t: string, d: unknown): number {
    return this.gateway.dispatchRaw(t, d);
  }

  /** 'terminate' (default, like a network drop: 1006) or a close code (4000 resumes, 1000 re-identifies). */
  dropGateway(mode: DropMode = 'terminate'): number {
    return this.gateway.drop(mode);
  }

  /** Op 7 Reconnect. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Op 9 Invalid Session. */
  invalidateSession(resumable = false): void {
    this.gateway.invalidateSessions(resumable);
  }

  /** false: stop answering heartbeats (the client then treats the connection as a zombie and resumes). */
  setHeartbeatAck(enabled: boolean): void {
    this.gateway.ackHeartbeats = enabled;
  }

  /** Things Discord would have silently ignored (e.g. op 8 without the GuildMembers intent). */
  get gatewayWarnings(): readonly string[] {
    return this.gateway.warnings;
  }

  /** Paths of gateway connections, e.g. '/?v=10&encoding=json' then '/resume?v=10&encoding=json'. */
  get gatewayConnections(): readonly string[] {
    return this.gateway.connectionPaths;
  }

  /** Resolves once `count` IDENTIFYs happened in total (default 1). */
  waitForIdentify(options: { count?: number; timeoutMs?: number } = {}): Promise<number> {
    const count = options.count ?? 1;
    return this.waitFor(
      () => (this.stats.identifies >= count ? this.stats.identifies : undefined),
      () => `${count} gateway IDENTIFY (have ${this.stats.identifies})`,
      options.timeoutMs,
    );
  }

  /** Resolves on the next RESUME (or once `count` resumes happened in total). */
  waitForResume(options: { count?: number; timeoutMs?: number } = {}): Promise<number> {
    const count = options.count ?? this.stats.resumes + 1;
    return this.waitFor(
      () => (this.stats.resumes >= count ? this.stats.resumes : undefined),
      () => `${count} gateway RESUME (have ${this.stats.resumes})`,
      options.timeoutMs,
    );
  }

  /** Kicks the bot: GUILD_DELETE (without `unavailable`), then REST answers 50001 for that guild. */
  removeBotFromGuild(guildId: string): void {
    const guild = this.guildById(guildId);
    if (!guild.botPresent) return;
    this.gateway.dispatchGuild(guild, 'GUILD_DELETE', { id: guild.id });
    guild.botPresent = false;
    guild.removeMember(this.world.botUser.id);
    this.world.changed();
  }

  /** Re-adds the bot: GUILD_CREATE (discord.js emits guildCreate). */
  addBotToGuild(guildId: string): void {
    const guild = this.guildById(guildId);
    if (guild.botPresent) return;
    guild.botPresent = true;
    guild.joinedAt = new Date().toISOString();
    guild.addMember(guild.botMember, false);
    this.gateway.sendGuildCreate(guild);
    this.world.changed();
  }

  /** A new member joins: GUILD_MEMBER_ADD (GuildMembers intent). */
  addMember(seed: string | MemberSeed, guildId?: string): FakeMember {
    const guild = this.guildById(guildId);
    const memberSeed = typeof seed === 'string' ? { username: seed } : seed;
    const existing = memberSeed.id ? this.world.users.get(memberSeed.id) : undefined;
    const user = existing ?? makeUser(this.world, memberSeed, () => this.memberIds.next());
    const roles = (memberSeed.roles ?? []).map((r) => {
      const role = guild.role(r);
      if (!role) throw new Error(`fake-discord: unknown role "${r}"`);
      return role.id;
    });
    const member = makeMember(guild, user, memberSeed, roles, new Date().toISOString());
    guild.addMember(member, true);
    this.gateway.dispatchGuild(guild, 'GUILD_MEMBER_ADD', { guild_id: guild.id, ...apiMember(member) });
    this.world.changed();
    return member;
  }

  /** A member leaves: GUILD_MEMBER_REMOVE. */
  removeMember(ref: UserRef, guildId?: string): void {
    const guild = this.guildById(guildId);
    const member = guild.removeMember(this.member(ref, guild.id).id);
    if (!member) return;
    this.gateway.dispatchGuild(guild, 'GUILD_MEMBER_REMOVE', {
      guild_id: guild.id,
      user: apiUser(member.user),
    });
    this.world.changed();
  }

  /**
   * A user posts a message (MESSAGE_CREATE; content hidden without MessageContent unless the bot is
   * mentioned). `dm: true` posts in the user's DM with the bot.
   */
  sendAsUser(input: {
    user: UserRef;
    content: string;
    channelId?: string;
    dm?: boolean;
    guildId?: string;
  }): FakeMessage {
    const author = this.user(input.user);
    const channel = input.dm
      ? this.world.openDmChannel(author)
      : input.channelId
        ? this.channel(input.channelId)
        : this.guildById(input.guildId).defaultChannel;
    return this.messages.create({ channel, author, body: { content: input.content }, files: [] });
  }

  // ---- faults ---------------------------------------------------------------------------------------------

  /** The next `count` requests matching method + route get this status/body instead of being handled. */
  failNext(spec: FailNextSpec): void {
    this.faults.failNext(spec);
  }

  /** Delays the next `count` matching requests by `ms`. */
  delayNext(spec: DelayNextSpec): void {
    this.faults.delayNext(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /**
   * The DM channel with a user, opened as if the bot had done it in an earlier week (no request recorded,
   * no rate limit spent): for benches that start from "channels already open".
   */
  openDmChannel(ref: UserRef): string {
    return this.world.openDmChannel(this.user(ref)).id;
  }

  /** The user closed DMs from server members: DMs to them fail with 403 50007. */
  closeDms(ref: UserRef): void {
    this.user(ref).dmsOpen = false;
  }

  openDms(ref: UserRef): void {
    this.user(ref).dmsOpen = true;
  }

  /**
   * Takes Send Messages (and thread creation/sending) from the bot in a channel via a member overwrite,
   * like a moderator would: sends get 403 50013, and CHANNEL_UPDATE tells the client.
   */
  denyChannel(ref: string): void {
    const channel = this.channel(ref);
    const botId = this.world.botUser.id;
    channel.overwrites = channel.overwrites.filter((o) => !(o.type === 1 && o.id === botId));
    channel.overwrites.push({ id: botId, type: 1, allow: 0n, deny: SEND_PERMISSIONS });
    this.emitChannelUpdate(channel);
  }

  allowChannel(ref: string): void {
    const channel = this.channel(ref);
    const botId = this.world.botUser.id;
    channel.overwrites = channel.overwrites.filter((o) => !(o.type === 1 && o.id === botId));
    this.emitChannelUpdate(channel);
  }

  // ---- strictness -----------------------------------------------------------------------------------------

  /** Bot messages whose text could have notified someone not named in allowed_mentions (see messages.ts). */
  get mentionViolations(): readonly MentionViolation[] {
    return this.world.mentionViolations;
  }

  /** Every permission bit the bot's requests needed (and had) so far. */
  get botPermissionsUsed(): bigint {
    return this.world.botPermissionsUsed;
  }

  /**
   * The clock threads auto-archive by: the tests' manual clock, so "a week later" archives a 7-day thread.
   * Default: the real clock.
   */
  useClock(now: () => number): void {
    this.world.now = now;
  }

  // ---- inspection & waits ---------------------------------------------------------------------------------

  /** Requests that matched no route (answered 404 code 0). */
  get unknownRequests(): RecordedRequest[] {
    return this.requests.filter((r) => !r.matched);
  }

  /** First recorded request (past or future) matching the predicate. */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest> {
    return this.waitFor(
      () => this.requests.find(predicate),
      () => `a request matching ${predicate.toString()} (seen ${this.requests.length})`,
      timeoutMs,
    );
  }

  /** First message (past or future, any channel, ephemeral included) matching the predicate. */
  waitForMessage(predicate: (message: FakeMessage) => boolean, timeoutMs?: number): Promise<FakeMessage> {
    return this.waitFor(
      () => {
        for (const message of this.world.messages.values())
          if (!message.deleted && predicate(message)) return message;
        return undefined;
      },
      () => `a message matching ${predicate.toString()}`,
      timeoutMs,
    );
  }

  /** First DM from the bot to this user matching the predicate (default: any). */
  waitForDm(
    ref: UserRef,
    predicate: (message: FakeMessage) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<FakeMessage> {
    const user = this.user(ref);
    return this.waitFor(
      () => this.dmsTo(user.id).find(predicate),
      () => `a DM to ${user.username} (have ${this.dmsTo(user.id).length})`,
      timeoutMs,
    );
  }

  /** Generic bounded wait: resolves with the first non-undefined value of `check`, re-run on every change. */
  waitFor<T>(check: () => T | undefined, describe: string | (() => string), timeoutMs?: number): Promise<T> {
    return this.waiters.until(check, typeof describe === 'string' ? () => describe : describe, timeoutMs);
  }

  resetCounters(): void {
    Object.assign(this.stats, emptyStats());
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Ends every socket, timer and wait. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.waiters.close();
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
    await this.gateway.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---- internals ------------------------------------------------------------------------------------------

  private guildById(guildId: string | undefined): FakeGuild {
    if (guildId === undefined) return this.guild;
    const guild = this.world.guild(guildId);
    if (!guild) throw new Error(`fake-discord: unknown guild "${guildId}"`);
    return guild;
  }

  private emit(channel: FakeChannel, t: string, d: Dict, extraIntent = 0): void {
    const guild = this.world.guildOf(channel);
    if (guild) this.gateway.dispatchGuild(guild, t, d, extraIntent);
    else this.gateway.dispatchDirect(t, d);
  }

  private emitChannelUpdate(channel: FakeChannel): void {
    this.emit(channel, isThread(channel) ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE', this.channelPayload(channel));
    this.world.changed();
  }

  private channelPayload(channel: FakeChannel): Dict {
    return {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId,
      name: channel.name,
      parent_id: channel.parentId,
      position: channel.position,
      permission_overwrites: channel.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
      topic: channel.topic,
      nsfw: false,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: channel.rateLimitPerUser,
      flags: 0,
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
      this.serveAttachment(url.pathname, res);
      return;
    }
    const raw = await readRaw(req).catch(() => Buffer.alloc(0));
    const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const segments = (isApi ? url.pathname.slice(API_PREFIX.length) : url.pathname)
      .split('/')
      .filter(Boolean)
      .map(decodeSegment);
    const path = `/${segments.join('/')}`;
    const match = isApi ? matchRoute(this.routes, method, segments) : { methodMismatch: false };
    const routePattern = 'route' in match ? match.route.pattern : genericPath(segments);
    const record: RecordedRequest = {
      seq: ++this.requestSeq,
      method,
      path,
      route: routePattern,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req.headers),
      body: undefined,
      files: [],
      status: 0,
      responseBody: undefined,
      responseHeaders: {},
      at: started,
      durationMs: 0,
      matched: 'route' in match,
    };
    this.stats.requests += 1;

    let parsed: ParsedBody | undefined;
    let parseError: unknown;
    try {
      parsed = parseBody(req.headers['content-type'], raw);
      record.body = parsed.json;
      record.files = parsed.files;
    } catch (error) {
      parseError = error;
    }

    const delay = this.faults.takeDelay(method, path, routePattern);
    if (delay && !delay.afterHandling) await this.sleep(delay.ms);
    if (this.closed) return;

    const failure = this.faults.takeFailure(method, path, routePattern);
    if (failure?.disconnect && !failure.afterHandling) {
      record.injected = 'disconnect';
      this.finish(record, started);
      req.socket.destroy();
      return;
    }
    // With afterHandling, Discord acts on the request and only its answer is replaced or lost.
    const handled =
      !failure || failure.afterHandling
        ? this.route(match, method, path, url.searchParams, req, parsed, parseError)
        : undefined;
    if (failure?.disconnect && handled) {
      record.injected = 'lostAnswer';
      record.status = handled.status;
      record.responseBody = handled.body;
      this.finish(record, started);
      req.socket.destroy();
      return;
    }
    const reply: Reply =
      failure || !handled
        ? { status: failure?.status ?? 500, body: failure?.body, headers: failure?.headers ?? {} }
        : handled;
    if (failure) record.injected = failure.afterHandling ? 'failNextAfterHandling' : 'failNext';
    if (reply.status === 429 && !failure) record.injected = 'rateLimit';

    if (delay?.afterHandling) await this.sleep(delay.ms);
    if (this.closed) return;
    record.status = reply.status;
    record.responseBody = reply.body;
    record.responseHeaders = reply.headers;
    const payload = reply.status === 204 || reply.body === undefined ? undefined : JSON.stringify(reply.body);
    const headers: Record<string, string> = { ...reply.headers };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    res.writeHead(reply.status, headers);
    res.end(payload);
    this.finish(record, started);
  }

  private route(
    match: ReturnType<typeof matchRoute>,
    method: string,
    path: string,
    query: URLSearchParams,
    req: IncomingMessage,
    parsed: ParsedBody | undefined,
    parseError: unknown,
  ): Reply {
    if (!('route' in match)) {
      this.stats.unknownRoutes += 1;
      this.log(`rest: unknown route ${method} ${path}`);
      const error = match.methodMismatch ? errors.methodNotAllowed() : errors.notFound();
      return { status: error.status, body: error.body, headers: {} };
    }
    const { route, params } = match;
    if (route.auth && req.headers.authorization !== `Bot ${this.token}`) {
      const error = errors.unauthorized();
      return { status: error.status, body: error.body, headers: {} };
    }
    let headers: Record<string, string> = {};
    if (this.limiter) {
      const major = /^\/(?:channels|guilds|webhooks)\/(\d{17,19})/.exec(path)?.[1] ?? 'global';
      const decision = this.limiter.check(method, route.pattern, major, route.auth);
      headers = decision.headers;
      if (!decision.allowed) {
        this.stats.rateLimited += 1;
        if (decision.global) this.stats.globalRateLimited += 1;
        this.world.changed();
        return { status: 429, body: decision.body, headers };
      }
    }
    if (parseError !== undefined || !parsed) {
      const error = asHttpError(parseError);
      return { status: error.status, body: error.body, headers };
    }
    try {
      const result = route.handler({ method, params, query, body: parsed.json, files: parsed.files });
      return { status: result.status, body: result.body, headers };
    } catch (error) {
      const httpError = asHttpError(error);
      if (httpError.status >= 500)
        this.log(`rest: ${method} ${path} crashed: ${JSON.stringify(httpError.body)}`);
      return {
        status: httpError.status,
        body: httpError.body,
        headers: { ...headers, ...httpError.headers },
      };
    }
  }

  private finish(record: RecordedRequest, started: number): void {
    record.durationMs = Date.now() - started;
    this.requests.push(record);
    if (this.requests.length > this.maxRequests) {
      this.requests.splice(0, Math.max(1, Math.floor(this.maxRequests / 10)));
    }
    this.world.changed();
  }

  private serveAttachment(pathname: string, res: ServerResponse): void {
    const id = pathname.split('/')[3] ?? '';
    const file = this.messages.attachmentFiles.get(id);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': String(file.data.length) });
    res.end(file.data);
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Route for unknown paths: ids replaced so tests can group them. */
function genericPath(segments: readonly string[]): string {
  return `/${segments.map((s) => (/^\d{17,19}$/.test(s) ? ':id' : s)).join('/')}`;
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Starts the fake on 127.0.0.1 at a free port. Always `await fake.close()` (e.g. in afterEach). */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.listen();
  return fake;
}
