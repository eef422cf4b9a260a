import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { constants as zlibConstants, createDeflate } from 'node:zlib';
import type { Deflate } from 'node:zlib';
import { ApplicationFlags, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import type { Dict } from './json.js';
import { asArray, asDict, asNumber, asString, isDict } from './json.js';
import { apiUser } from './serialize.js';
import type { FakeGuild, World } from './state.js';
import { guildCreatePayload, memberChunks } from './gateway-guilds.js';
import { PRIVILEGED_INTENTS, requiredIntent, shardOf } from './gateway-routing.js';
import type { FakeStats } from './types.js';

export interface GatewayConfig {
  world: World;
  token: string;
  heartbeatInterval: number;
  allowedPrivilegedIntents: number;
  guildCreateMembers: 'discord' | 'all';
  /** More servers than this on one session's shard closes it with 4011 (Discord: 2,500). */
  maxGuildsPerShard: number;
  stats: FakeStats;
  log: (line: string) => void;
  /** ws://127.0.0.1:PORT/resume — known only once the server listens. */
  resumeUrl: () => string;
}

export type DropMode = 'terminate' | number;

interface SentFrame {
  s: number;
  frame: string;
}

interface Session {
  id: string;
  shardId: number;
  shardCount: number;
  intents: number;
  largeThreshold: number;
  seq: number;
  connection: Connection | null;
  /** Dispatches kept for RESUME replay. */
  sent: SentFrame[];
  resumable: boolean;
  expiry: NodeJS.Timeout | null;
  identifiedAt: number;
}

interface Connection {
  ws: WebSocket;
  session: Session | null;
  path: string;
  deflate: Deflate | null;
}

const REPLAY_LIMIT = 5000;
/** How long a disconnected session stays resumable (Discord keeps them a few minutes). */
const RESUME_WINDOW_MS = 3 * 60_000;

/** Gateway v10 over `ws`: HELLO, IDENTIFY/READY/GUILD_CREATE, heartbeats, RESUME with replay, op 8 chunks. */
export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();
  /** Set false to stop answering heartbeats, so the client declares the connection a zombie and resumes. */
  ackHeartbeats = true;
  /** Things a real Discord would silently ignore (e.g. op 8 without the GuildMembers intent). */
  readonly warnings: string[] = [];
  /** Paths of every WebSocket connection (a resume uses resume_gateway_url). */
  readonly connectionPaths: string[] = [];
  private readyCount = 0;

  constructor(private readonly config: GatewayConfig) {}

  get readySessions(): number {
    return this.readyCount;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req.url ?? '/'));
  }

  /** True when some identified session could receive an event for this guild (or DMs when null). */
  hasSession(guildId: string | null): boolean {
    return this.sessionsFor(guildId).length > 0;
  }

  /** A guild-scoped event: shard routing, intents, bot membership and MessageContent rules apply. */
  dispatchGuild(guild: FakeGuild, t: string, d: Dict, extraIntent = 0): void {
    if (!guild.botPresent && t !== 'GUILD_DELETE') return;
    const needed = requiredIntent(t, true) | extraIntent;
    for (const session of this.sessionsFor(guild.id)) {
      if ((session.intents & needed) !== needed) continue;
      this.send(session, t, this.withoutHiddenContent(session, t, d));
    }
  }

  /** A DM-scoped event (shard 0). */
  dispatchDirect(t: string, d: Dict): void {
    const needed = requiredIntent(t, false);
    for (const session of this.sessionsFor(null)) {
      if (needed && (session.intents & needed) === 0) continue;
      this.send(session, t, d);
    }
  }

  /** Test hook: any event, routed by `guild_id` (or `id` for GUILD_*), no intent filtering. */
  dispatchRaw(t: string, d: unknown): number {
    const dict = asDict(d);
    const guildId =
      asString(dict?.['guild_id']) ?? (t.startsWith('GUILD_') ? asString(dict?.['id']) : undefined);
    const sessions = this.sessionsFor(guildId ?? null);
    for (const session of sessions) this.send(session, t, d);
    return sessions.length;
  }

  /**
   * Interactions go to every session of the shard, as on Discord when two processes run one shard with the
   * same token: each receives it, and only the first callback wins (the others get 40060). Returns false
   * when nobody is connected.
   */
  dispatchInteraction(guildId: string | null, d: Dict): boolean {
    const sessions = this.sessionsFor(guildId);
    for (const session of sessions) this.send(session, 'INTERACTION_CREATE', d);
    return sessions.length > 0;
  }

  sendGuildCreate(guild: FakeGuild): void {
    for (const session of this.sessionsFor(guild.id)) {
      if ((session.intents & GatewayIntentBits.Guilds) === 0) continue;
      this.send(
        session,
        'GUILD_CREATE',
        guildCreatePayload(this.config.world, guild, session, this.config.guildCreateMembers),
      );
    }
  }

  drop(mode: DropMode = 'terminate'): number {
    let dropped = 0;
    for (const connection of this.connections) {
      if (!connection.session) continue;
      dropped += 1;
      if (mode === 'terminate') connection.ws.terminate();
      else connection.ws.close(mode, 'fake-discord dropGateway');
    }
    return dropped;
  }

  /** Op 7: the client closes with 4200 and resumes. */
  requestReconnect(): void {
    for (const connection of this.connections) {
      if (connection.session) this.sendRaw(connection, { op: GatewayOpcodes.Reconnect, d: null });
    }
  }

  /** Op 9: `resumable` true makes the client RESUME, false makes it IDENTIFY again. */
  invalidateSessions(resumable: boolean): void {
    for (const connection of this.connections) {
      const session = connection.session;
      if (!session) continue;
      if (!resumable) {
        this.forget(session);
        connection.session = null;
      }
      this.config.stats.invalidSessions += 1;
      this.sendRaw(connection, { op: GatewayOpcodes.InvalidSession, d: resumable });
    }
  }

  close(): Promise<void> {
    for (const session of this.sessions.values()) if (session.expiry) clearTimeout(session.expiry);
    this.sessions.clear();
    for (const connection of this.connections) {
      connection.ws.terminate();
      connection.deflate?.close();
    }
    this.connections.clear();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------------------

  private sessionsFor(guildId: string | null): Session[] {
    const out: Session[] = [];
    for (const session of this.sessions.values()) {
      if (!session.connection && !session.resumable) continue;
      const shard = guildId ? shardOf(guildId, session.shardCount) : 0;
      if (shard === session.shardId) out.push(session);
    }
    return out.sort((a, b) => a.identifiedAt - b.identifiedAt);
  }

  /** Without MessageContent, Discord blanks other users' message content unless the bot is mentioned. */
  private withoutHiddenContent(session: Session, t: string, d: Dict): Dict {
    if (t !== 'MESSAGE_CREATE' && t !== 'MESSAGE_UPDATE') return d;
    if ((session.intents & GatewayIntentBits.MessageContent) !== 0) return d;
    const botId = this.config.world.botUser.id;
    const author = asDict(d['author']);
    if (author?.['id'] === botId) return d;
    const mentions = asArray(d['mentions']) ?? [];
    if (mentions.some((m) => asDict(m)?.['id'] === botId)) return d;
    return { ...d, content: '', embeds: [], attachments: [], components: [] };
  }

  private onConnection(ws: WebSocket, url: string): void {
    const connection: Connection = { ws, session: null, path: url, deflate: null };
    this.connections.add(connection);
    this.connectionPaths.push(url);
    this.config.stats.connections += 1;
    this.config.log(`gateway: connection ${url}`);
    const query = new URL(url, 'http://fake').searchParams;
    ws.on('message', (data, isBinary) => this.onMessage(connection, data, isBinary));
    ws.on('close', (code) => this.onClose(connection, code));
    ws.on('error', () => undefined);
    if (query.get('v') !== null && query.get('v') !== '10') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    if (query.get('encoding') !== null && query.get('encoding') !== 'json') {
      ws.close(4012, 'fake-discord only speaks encoding=json');
      return;
    }
    if (query.get('compress') === 'zlib-stream') {
      // One zlib stream per connection, every message flushed with Z_SYNC_FLUSH (ends in 00 00 ff ff).
      const deflate = createDeflate({ flush: zlibConstants.Z_SYNC_FLUSH, chunkSize: 65536 });
      deflate.on('data', (chunk: Buffer) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(chunk, { binary: true });
      });
      deflate.on('error', () => undefined);
      connection.deflate = deflate;
    }
    this.sendRaw(connection, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.config.heartbeatInterval },
    });
  }

  private onMessage(connection: Connection, data: WebSocket.RawData, isBinary: boolean): void {
    let payload: unknown;
    try {
      const text = isBinary || !Array.isArray(data) ? data.toString() : Buffer.concat(data).toString();
      payload = JSON.parse(text);
    } catch {
      connection.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    if (!isDict(payload)) {
      connection.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    const op = asNumber(payload['op']);
    const d = payload['d'];
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        this.config.stats.heartbeats += 1;
        if (this.ackHeartbeats) this.sendRaw(connection, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        this.identify(connection, asDict(d) ?? {});
        return;
      case GatewayOpcodes.Resume:
        this.resume(connection, asDict(d) ?? {});
        return;
      default:
        break;
    }
    const session = connection.session;
    if (!session) {
      connection.ws.close(4003, 'Not authenticated.');
      return;
    }
    switch (op) {
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestSoundboardSounds:
        return;
      case GatewayOpcodes.RequestGuildMembers:
        this.requestGuildMembers(session, asDict(d) ?? {});
        return;
      default:
        connection.ws.close(4001, 'Unknown opcode.');
    }
  }

  private identify(connection: Connection, d: Dict): void {
    if (connection.session) {
      connection.ws.close(4005, 'Already authenticated.');
      return;
    }
    const token = (asString(d['token']) ?? '').replace(/^Bot\s+/i, '');
    if (token !== this.config.token) {
      this.config.log('gateway: IDENTIFY with a wrong token, closing 4004');
      connection.ws.close(4004, 'Authentication failed.');
      return;
    }
    const intents = asNumber(d['intents']);
    if (intents === undefined || intents < 0 || !Number.isInteger(intents)) {
      connection.ws.close(4013, 'Invalid intent(s).');
      return;
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.config.allowedPrivilegedIntents) !== 0) {
      connection.ws.close(4014, 'Disallowed intent(s).');
      return;
    }
    const shard = d['shard'] === undefined ? [0, 1] : asArray(d['shard']);
    const shardId = asNumber(shard?.[0]);
    const shardCount = asNumber(shard?.[1]);
    if (
      shard?.length !== 2 ||
      shardId === undefined ||
      shardCount === undefined ||
      !Number.isInteger(shardId) ||
      !Number.isInteger(shardCount) ||
      shardCount < 1 ||
      shardId < 0 ||
      shardId >= shardCount
    ) {
      this.config.log(`gateway: IDENTIFY with shard ${JSON.stringify(d['shard'])}, closing 4010`);
      connection.ws.close(4010, 'Invalid shard.');
      return;
    }
    const onShard = this.config.world.guilds.filter(
      (g) => g.botPresent && shardOf(g.id, shardCount) === shardId,
    ).length;
    if (onShard > this.config.maxGuildsPerShard) {
      this.config.log(
        `gateway: shard [${shardId}, ${shardCount}] would hold ${onShard} servers, closing 4011`,
      );
      connection.ws.close(4011, 'Sharding required.');
      return;
    }
    // A new IDENTIFY for a shard retires the disconnected sessions of that shard (the client gave up on them).
    for (const old of [...this.sessions.values()]) {
      if (!old.connection && old.shardId === shardId && old.shardCount === shardCount) this.forget(old);
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shardId,
      shardCount,
      intents,
      largeThreshold: Math.min(250, Math.max(50, asNumber(d['large_threshold']) ?? 50)),
      seq: 0,
      connection,
      sent: [],
      resumable: true,
      expiry: null,
      identifiedAt: Date.now(),
    };
    this.sessions.set(session.id, session);
    connection.session = session;
    this.config.stats.identifies += 1;
    this.config.log(`gateway: IDENTIFY shard [${shardId}, ${shardCount}] intents ${intents}`);

    const world = this.config.world;
    const guilds = world.guilds.filter((g) => g.botPresent && shardOf(g.id, shardCount) === shardId);
    this.send(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...apiUser(world.botUser), verified: true, mfa_enabled: false, email: null, bot: true },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.config.resumeUrl(),
      shard: [shardId, shardCount],
      application: { id: world.applicationId, flags: this.applicationFlags() },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['local'],
      _trace: ['["fake-discord-gateway",{"micros":0}]'],
    });
    if ((intents & GatewayIntentBits.Guilds) !== 0) {
      for (const guild of guilds)
        this.send(
          session,
          'GUILD_CREATE',
          guildCreatePayload(this.config.world, guild, session, this.config.guildCreateMembers),
        );
    }
    this.readyCount += 1;
    world.changed();
  }

  private applicationFlags(): number {
    const allowed = this.config.allowedPrivilegedIntents;
    let flags = 0;
    if (allowed & GatewayIntentBits.GuildPresences) flags |= ApplicationFlags.GatewayPresenceLimited;
    if (allowed & GatewayIntentBits.GuildMembers) flags |= ApplicationFlags.GatewayGuildMembersLimited;
    if (allowed & GatewayIntentBits.MessageContent) flags |= ApplicationFlags.GatewayMessageContentLimited;
    return flags;
  }

  private resume(connection: Connection, d: Dict): void {
    const token = (asString(d['token']) ?? '').replace(/^Bot\s+/i, '');
    if (token !== this.config.token) {
      connection.ws.close(4004, 'Authentication failed.');
      return;
    }
    const session = this.sessions.get(asString(d['session_id']) ?? '');
    const seq = asNumber(d['seq']) ?? 0;
    const first = session?.sent[0];
    const replayable =
      session !== undefined && (seq >= session.seq || (first !== undefined && first.s <= seq + 1));
    if (!session || !session.resumable || !replayable) {
      this.config.stats.invalidSessions += 1;
      this.config.log('gateway: RESUME of an unknown or expired session, op 9 false');
      this.sendRaw(connection, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    if (session.expiry) clearTimeout(session.expiry);
    session.expiry = null;
    const previous = session.connection;
    if (previous && previous !== connection) {
      previous.session = null;
      previous.ws.close(4000, 'Session resumed elsewhere');
    }
    session.connection = connection;
    connection.session = session;
    for (const sent of session.sent) if (sent.s > seq) this.write(connection, sent.frame);
    this.send(session, 'RESUMED', { _trace: ['["fake-discord-gateway",{"micros":0}]'] });
    this.config.stats.resumes += 1;
    this.config.log(`gateway: RESUMED session ${session.id} from seq ${seq}`);
    this.config.world.changed();
  }

  private onClose(connection: Connection, code: number): void {
    this.connections.delete(connection);
    connection.deflate?.close();
    const session = connection.session;
    if (!session || session.connection !== connection) return;
    session.connection = null;
    this.config.log(`gateway: connection closed with ${code}`);
    // 1000/1001 end the session for good; anything else (1006 drop, 4000, 4200) keeps it resumable.
    if (code === 1000 || code === 1001) {
      this.forget(session);
      return;
    }
    session.expiry = setTimeout(() => this.forget(session), RESUME_WINDOW_MS);
    session.expiry.unref();
  }

  private forget(session: Session): void {
    if (session.expiry) clearTimeout(session.expiry);
    session.resumable = false;
    this.sessions.delete(session.id);
  }

  private requestGuildMembers(session: Session, d: Dict): void {
    const warn = (warning: string) => {
      this.warnings.push(warning);
      this.config.log(`gateway: ${warning}`);
    };
    for (const chunk of memberChunks(this.config.world, session, d, warn))
      this.send(session, 'GUILD_MEMBERS_CHUNK', chunk);
  }

  private send(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const frame = JSON.stringify({ op: GatewayOpcodes.Dispatch, t, s: session.seq, d });
    session.sent.push({ s: session.seq, frame });
    if (session.sent.length > REPLAY_LIMIT) session.sent.splice(0, session.sent.length - REPLAY_LIMIT);
    this.config.stats.dispatches += 1;
    if (session.connection) this.write(session.connection, frame);
  }

  private sendRaw(connection: Connection, payload: { op: number; d?: unknown }): void {
    this.write(connection, JSON.stringify({ op: payload.op, d: payload.d ?? null, s: null, t: null }));
  }

  private write(connection: Connection, frame: string): void {
    if (connection.ws.readyState !== WebSocket.OPEN) return;
    if (connection.deflate) connection.deflate.write(frame);
    else connection.ws.send(frame);
  }
}
