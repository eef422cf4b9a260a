import { EventEmitter } from 'node:events';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Overwrite } from './permissions.js';
import { computePermissions } from './permissions.js';
import { SnowflakeGenerator } from './snowflake.js';
import type { FakeMessage, StoredCommand } from './types.js';

export interface FakeUser {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** false = DMs closed: sending fails with 50007. */
  dmsOpen: boolean;
}

export interface FakeMember {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  nick: string | null;
  /** Role ids (never includes @everyone). */
  roles: string[];
  joinedAt: string;
  guildId: string;
  user: FakeUser;
}

export interface FakeRole {
  id: string;
  name: string;
  permissions: bigint;
  color: number;
  position: number;
  mentionable: boolean;
  hoist: boolean;
  managed: boolean;
  botId?: string;
}

export interface FakeChannel {
  id: string;
  type: ChannelType;
  name: string | null;
  guildId: string | null;
  parentId: string | null;
  position: number;
  topic: string | null;
  overwrites: Overwrite[];
  createdAt: string;
  lastMessageId: string | null;
  messageCount: number;
  rateLimitPerUser: number;
  /** DM channels: the other user. */
  recipientId?: string;
  // Threads
  ownerId?: string;
  archived?: boolean;
  locked?: boolean;
  autoArchiveDuration?: number;
  archivedAt?: string;
  /** Threads: the last message or unarchive, in ms on the fake's clock (auto-archive counts from here). */
  lastActivityMs?: number;
  invitable?: boolean;
  deleted?: boolean;
}

export interface MentionViolation {
  messageId: string;
  channelId: string;
  content: string;
  reason: string;
}

/**
 * Discord's implicit denies in a channel: without View Channel nothing else applies; without Send Messages
 * (in a thread: Send Messages in Threads) neither do Mention Everyone, Send TTS, Attach Files nor Embed Links.
 */
function implicitChannelDeny(permissions: bigint, thread: boolean): bigint {
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return permissions;
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return 0n;
  const send = thread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  if ((permissions & send) === 0n) {
    return (
      permissions &
      ~(
        PermissionFlagsBits.MentionEveryone |
        PermissionFlagsBits.SendTTSMessages |
        PermissionFlagsBits.AttachFiles |
        PermissionFlagsBits.EmbedLinks
      )
    );
  }
  return permissions;
}

export const THREAD_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

export function isThread(channel: FakeChannel): boolean {
  return THREAD_TYPES.has(channel.type);
}

/**
 * A guild with its members kept sorted by id so listing (`after`, chunks) is a binary search plus a slice:
 * 10,000 members cost nothing until a test asks for them.
 */
export class FakeGuild {
  /** Regular members: humans that are neither the owner nor the bot, in creation order. */
  readonly members: FakeMember[] = [];
  readonly roles: FakeRole[] = [];
  /** Guild channels (threads excluded; see FakeDiscord.threads). */
  readonly channels: FakeChannel[] = [];
  botPresent = true;
  joinedAt: string;
  private readonly sorted: FakeMember[] = [];
  private readonly byId = new Map<string, FakeMember>();
  private readonly byName = new Map<string, FakeMember>();
  owner!: FakeMember;
  botMember!: FakeMember;

  constructor(
    readonly id: string,
    public name: string,
    public ownerId: string,
  ) {
    this.joinedAt = new Date().toISOString();
  }

  get everyoneRole(): FakeRole {
    const role = this.roles.find((r) => r.id === this.id);
    if (!role) throw new Error(`fake-discord: guild ${this.id} has no @everyone role`);
    return role;
  }

  /** Owner, bot and regular members. */
  get memberCount(): number {
    return this.sorted.length;
  }

  /** Every member (owner and bot included), sorted by id. Do not mutate. */
  allMembers(): readonly FakeMember[] {
    return this.sorted;
  }

  /** By id or username (case-insensitive). */
  member(ref: string): FakeMember | undefined {
    return this.byId.get(ref) ?? this.byName.get(ref.toLowerCase());
  }

  hasMember(userId: string): boolean {
    return this.byId.has(userId);
  }

  /** By id or name (with or without '#'). */
  channel(ref: string): FakeChannel | undefined {
    const name = ref.replace(/^#/, '');
    return this.channels.find((c) => c.id === ref || c.name === name);
  }

  role(ref: string): FakeRole | undefined {
    return this.roles.find((r) => r.id === ref || r.name === ref || r.name === ref.replace(/^@/, ''));
  }

  /** The first text channel, where interactions happen unless a channel is given. */
  get defaultChannel(): FakeChannel {
    const channel = this.channels.find((c) => c.type === ChannelType.GuildText);
    if (!channel) throw new Error(`fake-discord: guild ${this.id} has no text channel`);
    return channel;
  }

  addMember(member: FakeMember, regular: boolean): void {
    if (this.byId.has(member.id)) return;
    const last = this.sorted[this.sorted.length - 1];
    // New ids come from a clock, so the common case is an append.
    if (!last || BigInt(last.id) < BigInt(member.id)) this.sorted.push(member);
    else this.sorted.splice(this.indexAfter(member.id), 0, member);
    this.byId.set(member.id, member);
    if (!this.byName.has(member.username.toLowerCase()))
      this.byName.set(member.username.toLowerCase(), member);
    if (regular) this.members.push(member);
  }

  removeMember(userId: string): FakeMember | undefined {
    const member = this.byId.get(userId);
    if (!member) return undefined;
    this.byId.delete(userId);
    if (this.byName.get(member.username.toLowerCase()) === member)
      this.byName.delete(member.username.toLowerCase());
    const index = this.sorted.indexOf(member);
    if (index >= 0) this.sorted.splice(index, 1);
    const regular = this.members.indexOf(member);
    if (regular >= 0) this.members.splice(regular, 1);
    return member;
  }

  /** Members with id > after, ascending, at most limit. */
  membersAfter(after: string, limit: number): FakeMember[] {
    const start = this.indexAfter(after);
    return this.sorted.slice(start, start + limit);
  }

  permissionsOf(member: { id: string; roles: readonly string[] }, channel?: FakeChannel): bigint {
    const overwrites = channel ? this.effectiveOverwrites(channel) : [];
    const permissions = computePermissions(
      {
        guildId: this.id,
        ownerId: this.ownerId,
        everyonePermissions: this.everyoneRole.permissions,
        rolePermissions: (roleId) => this.roles.find((r) => r.id === roleId)?.permissions,
      },
      member,
      overwrites,
    );
    return channel ? implicitChannelDeny(permissions, isThread(channel)) : permissions;
  }

  /** Threads inherit their parent's overwrites. */
  private effectiveOverwrites(channel: FakeChannel): Overwrite[] {
    if (!isThread(channel) || !channel.parentId) return channel.overwrites;
    return this.channels.find((c) => c.id === channel.parentId)?.overwrites ?? [];
  }

  private indexAfter(after: string): number {
    const target = BigInt(after);
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const member = this.sorted[mid];
      if (member && BigInt(member.id) <= target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Everything the fake knows. Mutations call `changed()` so waiters re-check their condition. */
export class World {
  readonly ids = new SnowflakeGenerator(1);
  readonly events = new EventEmitter();
  readonly users = new Map<string, FakeUser>();
  readonly guilds: FakeGuild[] = [];
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, FakeMessage>();
  /** Non-ephemeral messages per channel, in order. */
  readonly channelMessages = new Map<string, FakeMessage[]>();
  readonly dmChannelByUser = new Map<string, string>();
  /** threadId -> userId -> join timestamp */
  readonly threadMembers = new Map<string, Map<string, string>>();
  /** 'global' or a guild id. */
  readonly commands = new Map<string, StoredCommand[]>();
  /** Every permission bit a request of the bot needed and had (tests compare it with the invite link's). */
  botPermissionsUsed = 0n;
  /** Messages whose content could have notified someone the bot did not name in allowed_mentions. */
  readonly mentionViolations: MentionViolation[] = [];
  /** The fake's clock for thread auto-archive: the tests' manual clock when they pass one. */
  now: () => number = () => Date.now();

  constructor(
    readonly botUser: FakeUser,
    readonly applicationId: string,
  ) {
    this.events.setMaxListeners(0);
    this.users.set(botUser.id, botUser);
  }

  changed(): void {
    this.events.emit('change');
  }

  guild(id: string): FakeGuild | undefined {
    return this.guilds.find((g) => g.id === id);
  }

  userByRef(ref: string): FakeUser | undefined {
    const direct = this.users.get(ref);
    if (direct) return direct;
    for (const guild of this.guilds) {
      const member = guild.member(ref);
      if (member) return member.user;
    }
    return undefined;
  }

  /** A channel or thread of a guild by id, or a live thread by name. */
  channelInGuild(guildId: string, ref: string): FakeChannel | undefined {
    const channel = this.channels.get(ref);
    if (channel && channel.guildId === guildId && !channel.deleted) return channel;
    for (const c of this.channels.values()) {
      if (c.guildId === guildId && isThread(c) && !c.deleted && c.name === ref) return c;
    }
    return undefined;
  }

  /** The guild a channel (or thread) belongs to. */
  guildOf(channel: FakeChannel): FakeGuild | undefined {
    return channel.guildId ? this.guild(channel.guildId) : undefined;
  }

  addMessage(message: FakeMessage, listed: boolean): void {
    this.messages.set(message.id, message);
    if (listed) {
      let list = this.channelMessages.get(message.channel_id);
      if (!list) {
        list = [];
        this.channelMessages.set(message.channel_id, list);
      }
      list.push(message);
      const channel = this.channels.get(message.channel_id);
      if (channel) {
        channel.lastMessageId = message.id;
        channel.messageCount += 1;
        if (isThread(channel)) channel.lastActivityMs = this.now();
      }
    }
    this.changed();
  }

  removeMessage(message: FakeMessage): void {
    message.deleted = true;
    const list = this.channelMessages.get(message.channel_id);
    const index = list ? list.indexOf(message) : -1;
    if (list && index >= 0) list.splice(index, 1);
    this.changed();
  }

  openDmChannel(user: FakeUser): FakeChannel {
    const existing = this.dmChannelByUser.get(user.id);
    const channel = existing ? this.channels.get(existing) : undefined;
    if (channel) return channel;
    const created: FakeChannel = {
      id: this.ids.next(),
      type: ChannelType.DM,
      name: null,
      guildId: null,
      parentId: null,
      position: 0,
      topic: null,
      overwrites: [],
      createdAt: new Date().toISOString(),
      lastMessageId: null,
      messageCount: 0,
      rateLimitPerUser: 0,
      recipientId: user.id,
    };
    this.channels.set(created.id, created);
    this.dmChannelByUser.set(user.id, created.id);
    this.changed();
    return created;
  }
}
