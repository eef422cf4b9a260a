import { makeMember, makeUser } from './fixtures.js';
import type { Gateway } from './gateway.js';
import type { Dict } from './json.js';
import { SEND_PERMISSIONS } from './permissions.js';
import { apiMember, apiOverwrites, apiUser } from './serialize.js';
import { SnowflakeGenerator } from './snowflake.js';
import type { FakeChannel, FakeGuild, FakeMember, World } from './state.js';
import { isThread } from './state.js';
import type { MemberSeed } from './types.js';

/**
 * What happens in a server without the bot doing it: the bot kicked or re-added, members joining and
 * leaving, a moderator changing the bot's overwrites. Each changes the world and sends the gateway event
 * Discord would.
 */
export class GuildEvents {
  private readonly memberIds = new SnowflakeGenerator(3);

  constructor(
    private readonly world: World,
    private readonly gateway: Gateway,
    private readonly emit: (channel: FakeChannel, t: string, d: Dict) => void,
  ) {}

  removeBot(guild: FakeGuild): void {
    if (!guild.botPresent) return;
    this.gateway.dispatchGuild(guild, 'GUILD_DELETE', { id: guild.id });
    guild.botPresent = false;
    guild.removeMember(this.world.botUser.id);
    this.world.changed();
  }

  addBot(guild: FakeGuild): void {
    if (guild.botPresent) return;
    guild.botPresent = true;
    guild.joinedAt = new Date().toISOString();
    guild.addMember(guild.botMember, false);
    this.gateway.sendGuildCreate(guild);
    this.world.changed();
  }

  addMember(guild: FakeGuild, seed: string | MemberSeed): FakeMember {
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

  removeMember(guild: FakeGuild, target: FakeMember): void {
    const member = guild.removeMember(target.id);
    if (!member) return;
    this.gateway.dispatchGuild(guild, 'GUILD_MEMBER_REMOVE', {
      guild_id: guild.id,
      user: apiUser(member.user),
    });
    this.world.changed();
  }

  denyChannel(channel: FakeChannel): void {
    const botId = this.world.botUser.id;
    channel.overwrites = channel.overwrites.filter((o) => !(o.type === 1 && o.id === botId));
    channel.overwrites.push({ id: botId, type: 1, allow: 0n, deny: SEND_PERMISSIONS });
    this.emitChannelUpdate(channel);
  }

  allowChannel(channel: FakeChannel): void {
    const botId = this.world.botUser.id;
    channel.overwrites = channel.overwrites.filter((o) => !(o.type === 1 && o.id === botId));
    this.emitChannelUpdate(channel);
  }

  private emitChannelUpdate(channel: FakeChannel): void {
    this.emit(channel, isThread(channel) ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE', channelPayload(channel));
    this.world.changed();
  }
}

function channelPayload(channel: FakeChannel): Dict {
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    parent_id: channel.parentId,
    position: channel.position,
    permission_overwrites: apiOverwrites(channel),
    topic: channel.topic,
    nsfw: false,
    last_message_id: channel.lastMessageId,
    rate_limit_per_user: channel.rateLimitPerUser,
    flags: 0,
  };
}
