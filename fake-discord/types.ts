import type {
  APIAllowedMentions,
  APIAttachment,
  APIEmbed,
  APIMessageTopLevelComponent,
  APIUser,
  MessageType,
} from 'discord-api-types/v10';
import type { Dict } from './json.js';

// ---------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------

export interface MemberSeed {
  username: string;
  id?: string;
  globalName?: string | null;
  nick?: string | null;
  /** Role names or ids. */
  roles?: string[];
  /** false = the user has DMs from server members closed (DMs fail with 50007). Default true. */
  dmsOpen?: boolean;
  bot?: boolean;
}

export interface ChannelSeed {
  name: string;
  id?: string;
  type?: 'text' | 'announcement' | 'category' | 'voice' | 'forum';
  topic?: string | null;
  /** Name of the category it sits in. Default: the guild's default category for text channels. */
  parent?: string | null;
}

export interface RoleSeed {
  name: string;
  id?: string;
  /** bigint, decimal string, or PermissionFlagsBits names. */
  permissions?: bigint | string | string[];
  color?: number;
  mentionable?: boolean;
  hoist?: boolean;
}

export interface GuildSeed {
  id?: string;
  name?: string;
  /** Username of the owner (default "owner"). */
  owner?: string | MemberSeed;
  /** Text channels by name, or full seeds. Default: general, accountability, interviews in a "Stepwise" category. */
  channels?: (string | ChannelSeed)[];
  /** Extra roles. @everyone, Moderator (Manage Server), Mentor and the bot's managed role always exist. */
  roles?: (string | RoleSeed)[];
  /** Explicit regular members (not the owner, not the bot); they come first in `guild.members`. */
  members?: (string | MemberSeed)[];
  /** Total number of regular members; generated ones fill up after the explicit ones. Default 5. */
  memberCount?: number;
  /** Whether the bot is in the guild at start. Default true. */
  botInGuild?: boolean;
  /** @everyone permissions. Default: a typical member without Manage Server. */
  everyonePermissions?: bigint | string | string[];
}

export interface RateLimitOptions {
  /** Bot-wide requests per second before a global 429 (Discord: 50). Default 50. */
  globalPerSecond?: number;
  /** Per-route bucket size and window (Discord's message send bucket is 5 per 5 s). Default 5 / 5000 ms. */
  perRoute?: { limit: number; windowMs: number };
}

export interface FakeDiscordOptions {
  /** Guilds to create. Default: one guild "Stepwise Test Server". */
  guilds?: GuildSeed[];
  /** Shorthand for the default guild's `memberCount` when `guilds` is not given. */
  memberCount?: number;
  /** Shorthand for the default guild's `members` when `guilds` is not given. */
  members?: (string | MemberSeed)[];
  /** Bot token the client must log in with. */
  token?: string;
  /** Application id, also the bot user id. */
  applicationId?: string;
  botUsername?: string;
  /** HELLO heartbeat_interval in ms. Default 41250 like Discord. */
  heartbeatInterval?: number;
  /** Reject interaction callbacks later than `deadlineMs` after injection with 10062. Default true. */
  enforceDeadline?: boolean;
  /** Default 3000. */
  deadlineMs?: number;
  /** Lifetime of interaction tokens for webhooks (follow-ups, edits). Default 15 min. */
  interactionTokenLifetimeMs?: number;
  /**
   * How long an `enforce_nonce` nonce is remembered per channel and author: a create repeating it within this
   * window returns the first message instead of a new one. Default 300000 (Discord's "few minutes").
   */
  nonceWindowMs?: number;
  /** Default timeout of every wait helper. Default 5000. */
  defaultTimeoutMs?: number;
  /** Off by default. `true` = Discord-like defaults. */
  rateLimit?: boolean | RateLimitOptions;
  /**
   * Members list in GUILD_CREATE. 'discord' (default): like Discord for a bot without presence data, i.e. only
   * the bot itself unless the GuildPresences intent is set and the guild is not large. 'all': every member.
   */
  guildCreateMembers?: 'discord' | 'all';
  /** Privileged intents enabled in the "developer portal"; asking for others closes with 4014. Default all. */
  allowedPrivilegedIntents?: number;
  /** Keep at most this many recorded requests (oldest dropped). Default 100000. */
  maxRecordedRequests?: number;
  /**
   * `shards` in GET /gateway/bot, what `shards: 'auto'` connects. Default: one shard per 1,000 servers the
   * bot is in (at least one), as Discord recommends.
   */
  recommendedShards?: number;
  /**
   * A session whose shard would hold more servers than this is closed with 4011 (Sharding required), as
   * Discord does from 2,500. Default 2500.
   */
  maxGuildsPerShard?: number;
  /** Refuse to inject slash commands that were not registered with PUT. Default false. */
  strictCommands?: boolean;
  /** Called with one line per notable event (connections, unknown routes, refused payloads). */
  log?: (line: string) => void;
}

// ---------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------

export interface FakeFile {
  /** files[n] index the bot used. */
  index: number;
  name: string;
  contentType: string;
  data: Buffer;
  /** data decoded as UTF-8. */
  text(): string;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Decoded path after /api/v10, e.g. /webhooks/123/tok/messages/@original */
  path: string;
  /** Generic route, e.g. /channels/:channelId/messages; unknown routes get ids replaced by :id. */
  route: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, or payload_json of a multipart body. */
  body: unknown;
  files: FakeFile[];
  status: number;
  responseBody: unknown;
  responseHeaders: Record<string, string>;
  at: number;
  durationMs: number;
  /** false when no route matched (answered 404 code 0). */
  matched: boolean;
  /** Set when the answer came from failNext or the rate limiter. */
  injected?: 'failNext' | 'failNextAfterHandling' | 'rateLimit' | 'disconnect' | 'lostAnswer';
}

export interface Pings {
  users: string[];
  roles: string[];
  everyone: boolean;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: APIUser;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: APIAttachment[];
  flags: number;
  type: MessageType;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: APIUser[];
  mention_roles: string[];
  pinned: boolean;
  nonce?: string | number;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Dict;
  message_reference?: Dict;
  /** Thread started from this message. */
  thread_id?: string;
  /** Reactions the bot added (emoji strings). */
  reactions: string[];
  // ---- fake-only fields (never sent to the client) ----
  /** allowed_mentions exactly as the bot sent it (null when omitted, which means "ping everything"). */
  allowed_mentions: APIAllowedMentions | null;
  /** Who this message would notify, computed from content + allowed_mentions like Discord does. */
  pings: Pings;
  files: FakeFile[];
  /** Interaction that produced this message, if any. */
  interactionId: string | null;
  ephemeral: boolean;
  deleted: boolean;
  /** Number of edits so far. */
  edits: number;
}

export interface FakeStats {
  /** WebSocket connections opened. */
  connections: number;
  identifies: number;
  resumes: number;
  /** Op 9 sent. */
  invalidSessions: number;
  heartbeats: number;
  dispatches: number;
  requests: number;
  /** 429s answered by the rate limiter (not failNext). */
  rateLimited: number;
  globalRateLimited: number;
  interactions: number;
  /** Accepted interaction callbacks. */
  callbacks: number;
  unknownRoutes: number;
}

export interface CallbackAttempt {
  at: number;
  status: number;
  /** Callback type the bot sent (4, 5, 6, 7, 8, 9, 12). */
  type: number | undefined;
  data: unknown;
  /** Error body when refused. */
  error: Dict | null;
  /** ms since injection. */
  elapsedMs: number;
}

export interface InteractionCallback {
  type: number;
  data?: Dict;
}

export interface StoredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  version: string;
  type: number;
  name: string;
  description: string;
  options?: Dict[];
  default_member_permissions: string | null;
  [key: string]: unknown;
}
