import { GatewayIntentBits } from 'discord-api-types/v10';
import type { Dict } from './json.js';
import { asNumber, asString } from './json.js';
import { apiChannel, apiGuild, apiMember } from './serialize.js';
import type { FakeGuild, FakeMember, World } from './state.js';
import { isThread } from './state.js';
import { shardOf } from './gateway-routing.js';

// What the gateway tells a session about its servers: GUILD_CREATE as Discord shapes it for the session's
// intents, and the member chunks op 8 (Request Guild Members) asks for.

/** What these payloads depend on in a session. */
export interface SessionView {
  intents: number;
  largeThreshold: number;
  shardId: number;
  shardCount: number;
}

/** GUILD_CREATE: members only when presences are on and the guild is small (or the fake says 'all'). */
export function guildCreatePayload(
  world: World,
  guild: FakeGuild,
  session: SessionView,
  guildCreateMembers: 'discord' | 'all',
): Dict {
  const large = guild.memberCount > session.largeThreshold;
  const everyone =
    guildCreateMembers === 'all' || ((session.intents & GatewayIntentBits.GuildPresences) !== 0 && !large);
  const members = everyone ? guild.allMembers() : [guild.botMember];
  const threads = [...world.channels.values()].filter(
    (c) =>
      c.guildId === guild.id &&
      isThread(c) &&
      !c.deleted &&
      !c.archived &&
      (c.type !== 12 || world.threadMembers.get(c.id)?.has(world.botUser.id) === true),
  );
  return {
    ...apiGuild(guild),
    joined_at: guild.joinedAt,
    large,
    unavailable: false,
    member_count: guild.memberCount,
    voice_states: [],
    members: members.map((m) => apiMember(m)),
    channels: guild.channels.map((c) => apiChannel(world, c)),
    threads: threads.map((c) => apiChannel(world, c)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    activity_instances: [],
    application_command_counts: {},
    lazy: true,
  };
}

/** The GUILD_MEMBERS_CHUNK payloads answering op 8, in order; a request Discord ignores yields none. */
export function memberChunks(
  world: World,
  session: SessionView,
  d: Dict,
  warn: (warning: string) => void,
): Dict[] {
  const chunks: Dict[] = [];
  const guildIds = Array.isArray(d['guild_id']) ? d['guild_id'] : [d['guild_id']];
  const nonce = asString(d['nonce']);
  const presences = d['presences'] === true;
  for (const rawGuildId of guildIds) {
    const guild = world.guild(asString(rawGuildId) ?? '');
    if (!guild || !guild.botPresent || shardOf(guild.id, session.shardCount) !== session.shardId) continue;
    const userIds = d['user_ids'];
    let found: FakeMember[] = [];
    let notFound: string[] | undefined;
    if (userIds !== undefined && userIds !== null) {
      const ids = (Array.isArray(userIds) ? userIds : [userIds]).map(String);
      found = ids
        .map((id) => guild.member(id))
        .filter((m): m is FakeMember => m !== undefined && ids.includes(m.id));
      notFound = ids.filter((id) => !found.some((m) => m.id === id));
    } else {
      const query = (asString(d['query']) ?? '').toLowerCase();
      const limit = asNumber(d['limit']) ?? 0;
      if (query === '') {
        if ((session.intents & GatewayIntentBits.GuildMembers) === 0) {
          // Discord ignores the request: discord.js then rejects after 120 s with GuildMembersTimeout.
          const warning =
            'op 8 for the whole member list without the GuildMembers intent: ignored, as Discord does';
          warn(warning);
          continue;
        }
        const all = guild.allMembers();
        found = limit > 0 ? all.slice(0, limit) : [...all];
      } else {
        const max = Math.min(limit > 0 ? limit : 100, 100);
        for (const m of guild.allMembers()) {
          if (found.length >= max) break;
          if (m.username.toLowerCase().startsWith(query) || (m.nick ?? '').toLowerCase().startsWith(query)) {
            found.push(m);
          }
        }
      }
    }
    const chunkCount = Math.max(1, Math.ceil(found.length / 1000));
    for (let index = 0; index < chunkCount; index += 1) {
      chunks.push({
        guild_id: guild.id,
        members: found.slice(index * 1000, (index + 1) * 1000).map((m) => apiMember(m)),
        chunk_index: index,
        chunk_count: chunkCount,
        ...(notFound && index === 0 ? { not_found: notFound } : {}),
        ...(presences ? { presences: [] } : {}),
        ...(nonce !== undefined ? { nonce } : {}),
      });
    }
  }
  return chunks;
}
