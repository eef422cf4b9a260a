import { ChannelType } from 'discord-api-types/v10';
import {
  BOT_ROLE_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  MODERATOR_PERMISSIONS,
  parsePermissions,
} from './permissions.js';
import { SnowflakeGenerator } from './snowflake.js';
import type { FakeChannel, FakeMember, FakeRole, FakeUser } from './state.js';
import { FakeGuild, World } from './state.js';
import type { ChannelSeed, FakeDiscordOptions, GuildSeed, MemberSeed, RoleSeed } from './types.js';

export const DEFAULT_TOKEN = 'MTQwMDAwMDAwMDAwMDAwMDAwMA.FAKE00.stepwise-fake-discord-token-not-a-secret';
export const DEFAULT_APPLICATION_ID = '1400000000000000000';
export const DEFAULT_GUILD_NAME = 'Stepwise Test Server';

const FRIENDLY_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
const DEFAULT_CHANNELS = ['general', 'accountability', 'interviews'];

/** Fixture ids are deterministic (same options → same ids) and dated 2021, so they sort before new objects. */
const FIXTURE_TIME = Date.UTC(2021, 5, 1);

function generatedName(index: number): string {
  return FRIENDLY_NAMES[index] ?? `member${String(index + 1).padStart(4, '0')}`;
}

function channelTypeOf(seed: ChannelSeed): ChannelType {
  switch (seed.type) {
    case 'announcement':
      return ChannelType.GuildAnnouncement;
    case 'category':
      return ChannelType.GuildCategory;
    case 'voice':
      return ChannelType.GuildVoice;
    case 'forum':
      return ChannelType.GuildForum;
    default:
      return ChannelType.GuildText;
  }
}

export function buildWorld(options: FakeDiscordOptions): World {
  const ids = new SnowflakeGenerator(2);
  const nextId = (): string => ids.next(FIXTURE_TIME);
  const applicationId = options.applicationId ?? DEFAULT_APPLICATION_ID;
  const botUser: FakeUser = {
    id: applicationId,
    username: options.botUsername ?? 'Stepwise',
    globalName: null,
    bot: true,
    dmsOpen: false,
  };
  const world = new World(botUser, applicationId);
  const seeds: GuildSeed[] = options.guilds ?? [
    { memberCount: options.memberCount, members: options.members, name: DEFAULT_GUILD_NAME },
  ];
  for (const seed of seeds) world.guilds.push(buildGuild(world, seed, nextId));
  return world;
}

function buildGuild(world: World, seed: GuildSeed, nextId: () => string): FakeGuild {
  const guildId = seed.id ?? nextId();
  const ownerSeed: MemberSeed =
    typeof seed.owner === 'string' ? { username: seed.owner } : (seed.owner ?? { username: 'owner' });
  const ownerUser = makeUser(world, ownerSeed, nextId);
  const guild = new FakeGuild(guildId, seed.name ?? DEFAULT_GUILD_NAME, ownerUser.id);
  guild.botPresent = seed.botInGuild ?? true;

  const roles: FakeRole[] = [
    {
      id: guildId,
      name: '@everyone',
      permissions:
        seed.everyonePermissions === undefined
          ? DEFAULT_EVERYONE_PERMISSIONS
          : parsePermissions(seed.everyonePermissions),
      color: 0,
      position: 0,
      mentionable: false,
      hoist: false,
      managed: false,
    },
  ];
  const roleSeeds: RoleSeed[] = [
    { name: 'Moderator', permissions: MODERATOR_PERMISSIONS.toString(), color: 0xe67e22, hoist: true },
    { name: 'Mentor', color: 0x2ecc71, mentionable: true },
    ...(seed.roles ?? []).map((r) => (typeof r === 'string' ? { name: r } : r)),
  ];
  for (const r of roleSeeds) {
    roles.push({
      id: r.id ?? nextId(),
      name: r.name,
      permissions: r.permissions === undefined ? 0n : parsePermissions(r.permissions),
      color: r.color ?? 0,
      position: roles.length,
      mentionable: r.mentionable ?? false,
      hoist: r.hoist ?? false,
      managed: false,
    });
  }
  const botRole: FakeRole = {
    id: nextId(),
    name: world.botUser.username,
    permissions: BOT_ROLE_PERMISSIONS,
    color: 0,
    position: roles.length,
    mentionable: false,
    hoist: false,
    managed: true,
    botId: world.botUser.id,
  };
  roles.push(botRole);
  guild.roles.push(...roles);

  const now = new Date().toISOString();
  const category: FakeChannel = newChannel(
    nextId(),
    guildId,
    ChannelType.GuildCategory,
    'Stepwise',
    null,
    0,
    now,
  );
  guild.channels.push(category);
  const channelSeeds = (seed.channels ?? DEFAULT_CHANNELS).map((c) =>
    typeof c === 'string' ? { name: c } : c,
  );
  for (const c of channelSeeds) {
    const type = channelTypeOf(c);
    const parent =
      type === ChannelType.GuildCategory
        ? null
        : c.parent === undefined
          ? category.id
          : c.parent === null
            ? null
            : (guild.channel(c.parent)?.id ?? category.id);
    const channel = newChannel(c.id ?? nextId(), guildId, type, c.name, parent, guild.channels.length, now);
    channel.topic = c.topic ?? null;
    guild.channels.push(channel);
  }
  for (const channel of guild.channels) world.channels.set(channel.id, channel);

  const joinedAt = new Date(Date.UTC(2022, 0, 1)).toISOString();
  const resolveRoles = (names: string[] | undefined): string[] =>
    (names ?? []).map((ref) => {
      const role = guild.role(ref);
      if (!role) throw new Error(`fake-discord: member seed references unknown role "${ref}"`);
      return role.id;
    });
  guild.owner = makeMember(guild, ownerUser, ownerSeed, [], joinedAt);
  guild.addMember(guild.owner, false);
  guild.botMember = makeMember(guild, world.botUser, {}, [botRole.id], joinedAt);
  if (guild.botPresent) guild.addMember(guild.botMember, false);

  const explicit = (seed.members ?? []).map((m) => (typeof m === 'string' ? { username: m } : m));
  const total = Math.max(seed.memberCount ?? (explicit.length > 0 ? explicit.length : 5), explicit.length);
  const taken = new Set(explicit.map((m) => m.username.toLowerCase()));
  let generated = 0;
  for (let i = 0; i < total; i += 1) {
    let memberSeed = explicit[i];
    if (!memberSeed) {
      let name = generatedName(generated++);
      while (taken.has(name)) name = generatedName(generated++);
      memberSeed = { username: name };
    }
    const existing = world.users.get(memberSeed.id ?? '');
    const user = existing ?? makeUser(world, memberSeed, nextId);
    guild.addMember(makeMember(guild, user, memberSeed, resolveRoles(memberSeed.roles), joinedAt), true);
  }
  return guild;
}

export function newChannel(
  id: string,
  guildId: string | null,
  type: ChannelType,
  name: string | null,
  parentId: string | null,
  position: number,
  createdAt: string,
): FakeChannel {
  return {
    id,
    type,
    name,
    guildId,
    parentId,
    position,
    topic: null,
    overwrites: [],
    createdAt,
    lastMessageId: null,
    messageCount: 0,
    rateLimitPerUser: 0,
  };
}

export function makeUser(world: World, seed: MemberSeed, nextId: () => string): FakeUser {
  const user: FakeUser = {
    id: seed.id ?? nextId(),
    username: seed.username,
    globalName: seed.globalName === undefined ? capitalise(seed.username) : seed.globalName,
    bot: seed.bot ?? false,
    dmsOpen: seed.dmsOpen ?? !(seed.bot ?? false),
  };
  world.users.set(user.id, user);
  return user;
}

export function makeMember(
  guild: FakeGuild,
  user: FakeUser,
  seed: Pick<MemberSeed, 'nick'>,
  roles: string[],
  joinedAt: string,
): FakeMember {
  return {
    id: user.id,
    username: user.username,
    globalName: user.globalName,
    bot: user.bot,
    nick: seed.nick ?? null,
    roles,
    joinedAt,
    guildId: guild.id,
    user,
  };
}

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
