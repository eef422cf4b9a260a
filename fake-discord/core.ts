import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assembleFake } from './assemble.js';
import type { CommandStore } from './commands.js';
import type { Faults } from './faults.js';
import { DEFAULT_TOKEN } from './fixtures.js';
import type { Gateway } from './gateway.js';
import type { GuildEvents } from './guild-events.js';
import type { UserRef } from './interaction-types.js';
import type { InteractionRegistry } from './interactions.js';
import type { MessageService } from './messages.js';
import { API_PREFIX, type RestHandler } from './rest/http.js';
import type { FakeChannel, FakeGuild, FakeMember, FakeUser, MentionViolation, World } from './state.js';
import { isThread } from './state.js';
import type { FakeDiscordOptions, FakeMessage, FakeStats, RecordedRequest, StoredCommand } from './types.js';
import type { Waiters } from './wait.js';

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

/**
 * The running fake and what it holds: HTTP REST under /api/v10 and the gateway on the same 127.0.0.1 port,
 * its addresses, the world as the bot left it (users, channels, messages, commands), what the bot's requests
 * needed, and waits on all of it. FakeDiscord (server.ts) adds what a test does to it.
 */
export class FakeDiscordCore {
  readonly token: string;
  readonly applicationId: string;
  /** Everything the REST API answered, oldest first (bounded by maxRecordedRequests). */
  readonly requests: RecordedRequest[] = [];
  readonly stats: FakeStats = emptyStats();
  protected readonly world: World;
  protected readonly http: Server;
  protected readonly gateway: Gateway;
  protected readonly messages: MessageService;
  protected readonly registry: InteractionRegistry;
  protected readonly commandStore: CommandStore;
  protected readonly faults: Faults;
  protected readonly waiters: Waiters;
  protected readonly rest: RestHandler;
  protected readonly log: (line: string) => void;
  protected readonly guildEvents: GuildEvents;
  protected listeningPort = 0;
  protected closed = false;

  constructor(options: FakeDiscordOptions = {}) {
    this.token = options.token ?? DEFAULT_TOKEN;
    const parts = assembleFake(options, {
      token: this.token,
      stats: this.stats,
      requests: this.requests,
      port: () => this.listeningPort,
    });
    this.world = parts.world;
    this.gateway = parts.gateway;
    this.messages = parts.messages;
    this.registry = parts.registry;
    this.commandStore = parts.commandStore;
    this.guildEvents = parts.guildEvents;
    this.faults = parts.faults;
    this.waiters = parts.waiters;
    this.rest = parts.rest;
    this.log = parts.log;
    this.applicationId = this.world.applicationId;
    this.http = createServer((req, res) => {
      void this.rest.handle(req, res);
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

  // ---- strictness -----------------------------------------------------------------------------------------

  /** Bot messages whose text could have notified someone not named in allowed_mentions (see messages.ts). */
  get mentionViolations(): readonly MentionViolation[] {
    return this.world.mentionViolations;
  }

  /** Every permission bit the bot's requests needed (and had) so far. */
  get botPermissionsUsed(): bigint {
    return this.world.botPermissionsUsed;
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
    this.rest.close();
    await this.gateway.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---- internals ------------------------------------------------------------------------------------------

  protected guildById(guildId: string | undefined): FakeGuild {
    if (guildId === undefined) return this.guild;
    const guild = this.world.guild(guildId);
    if (!guild) throw new Error(`fake-discord: unknown guild "${guildId}"`);
    return guild;
  }
}
