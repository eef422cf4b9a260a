import type { APIUser } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { apiUser } from './serialize.js';
import type { FakeChannel, FakeUser, World } from './state.js';
import type { FakeMessage, Pings } from './types.js';

const MENTION_USER = /<@!?(\d{17,19})>/g;
const MENTION_ROLE = /<@&(\d{17,19})>/g;

/** Who gets notified, per content and allowed_mentions, like Discord computes `mentions`. */
export function applyMentions(
  world: World,
  message: FakeMessage,
  channel: FakeChannel,
  repliedAuthor: string | undefined,
): void {
  const content = message.content;
  const am = message.allowed_mentions;
  const parse = new Set(am ? (am.parse ?? []) : ['users', 'roles', 'everyone']);
  const userIds = [...content.matchAll(MENTION_USER)].map((m) => m[1] ?? '');
  const roleIds = [...content.matchAll(MENTION_ROLE)].map((m) => m[1] ?? '');
  const guild = channel.guildId ? world.guild(channel.guildId) : undefined;
  const pings: Pings = { users: [], roles: [], everyone: false };
  for (const id of new Set(userIds)) {
    if (parse.has('users') || am?.users?.includes(id)) {
      if (world.users.has(id)) pings.users.push(id);
    }
  }
  if (guild) {
    for (const id of new Set(roleIds)) {
      if ((parse.has('roles') || am?.roles?.includes(id)) && guild.role(id)) pings.roles.push(id);
    }
    const authorMember = guild.member(message.author.id);
    const canEveryone =
      authorMember !== undefined &&
      (guild.permissionsOf(authorMember, channel) & PermissionFlagsBits.MentionEveryone) !== 0n;
    pings.everyone = parse.has('everyone') && /@(everyone|here)/.test(content) && canEveryone;
  }
  if (message.author.id === world.botUser.id) checkMentionsRestricted(world, message);
  const replied = repliedAuthor && (am === null || am.replied_user === true) ? repliedAuthor : undefined;
  if (replied && !pings.users.includes(replied)) pings.users.push(replied);
  message.pings = pings;
  message.mentions = pings.users
    .map((id) => world.users.get(id))
    .filter((u): u is FakeUser => u !== undefined)
    .map((u): APIUser => apiUser(u));
  message.mention_roles = [...pings.roles];
  message.mention_everyone = pings.everyone;
}

/**
 * Stricter than Discord, on purpose: a bot message whose text holds a mention must say, with an explicit
 * `allowed_mentions.parse` that leaves that kind out, that it pings nobody it did not name. Otherwise it is
 * recorded as a violation (the test harness fails on any), whether or not the mention hit someone today.
 */
function checkMentionsRestricted(world: World, message: FakeMessage): void {
  const content = message.content;
  const kinds: Array<['users' | 'roles' | 'everyone', boolean]> = [
    ['users', /<@!?\d+>/.test(content)],
    ['roles', /<@&\d+>/.test(content)],
    ['everyone', /@(everyone|here)/.test(content)],
  ];
  const present = kinds.filter(([, has]) => has).map(([kind]) => kind);
  if (present.length === 0) return;
  const am = message.allowed_mentions;
  const parse: readonly string[] | undefined = am?.parse;
  const reason =
    am === null
      ? `mentions ${present.join(', ')} without allowed_mentions`
      : !Array.isArray(parse)
        ? `mentions ${present.join(', ')} with allowed_mentions but no explicit parse`
        : present.some((kind) => parse.includes(kind))
          ? `allowed_mentions.parse lets ${present.filter((k) => parse.includes(k)).join(', ')} ping`
          : undefined;
  if (reason) {
    world.mentionViolations.push({
      messageId: message.id,
      channelId: message.channel_id,
      content: content.slice(0, 200),
      reason,
    });
  }
}
