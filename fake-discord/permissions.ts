import { PermissionFlagsBits } from 'discord-api-types/v10';

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

const P = PermissionFlagsBits;

/** Close to what a fresh Discord server grants @everyone; notably no Manage Server. */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  P.ViewChannel |
  P.CreateInstantInvite |
  P.ChangeNickname |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.CreatePrivateThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.AddReactions |
  P.UseExternalEmojis |
  P.UseExternalStickers |
  P.ReadMessageHistory |
  P.UseApplicationCommands |
  P.Connect |
  P.Speak |
  P.Stream |
  P.UseVAD;

export const MODERATOR_PERMISSIONS: bigint =
  P.ManageGuild | P.ManageMessages | P.ManageThreads | P.KickMembers | P.ModerateMembers | P.MentionEveryone;

/**
 * The permissions of the README's invite link (`permissions=343597501440`): View Channels, Send Messages,
 * Embed Links, Attach Files (charts on check-in summaries), Read Message History, Create Private Threads,
 * Send Messages in Threads. The bot's managed role
 * gets exactly these, so a test passes only if the bot works with what a real server grants it
 * (tests/fake-discord/strictness.test.ts checks the README still says the same).
 */
export const INVITE_PERMISSIONS: bigint =
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.CreatePrivateThreads |
  P.SendMessagesInThreads;

/** What the bot's managed role is given: the invite link's permissions, nothing more. */
export const BOT_ROLE_PERMISSIONS: bigint = INVITE_PERMISSIONS;

/** What denyChannel() takes away from the bot in one channel (and its threads). */
export const SEND_PERMISSIONS: bigint =
  P.SendMessages | P.SendMessagesInThreads | P.CreatePublicThreads | P.CreatePrivateThreads;

export interface Overwrite {
  id: string;
  /** 0 = role, 1 = member */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface PermissionSubject {
  guildId: string;
  ownerId: string;
  everyonePermissions: bigint;
  rolePermissions: (roleId: string) => bigint | undefined;
}

/** Discord's permission algorithm: base (everyone + roles), then @everyone, role and member overwrites. */
export function computePermissions(
  subject: PermissionSubject,
  member: { id: string; roles: readonly string[] },
  overwrites: readonly Overwrite[] = [],
): bigint {
  if (member.id === subject.ownerId) return ALL_PERMISSIONS;
  let base = subject.everyonePermissions;
  for (const roleId of member.roles) base |= subject.rolePermissions(roleId) ?? 0n;
  if ((base & P.Administrator) === P.Administrator) return ALL_PERMISSIONS;

  const everyone = overwrites.find((o) => o.id === subject.guildId);
  if (everyone) base = (base & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && member.roles.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  base = (base & ~deny) | allow;
  const own = overwrites.find((o) => o.type === 1 && o.id === member.id);
  if (own) base = (base & ~own.deny) | own.allow;
  return base;
}

/** Accepts a bigint, a decimal string or a list of PermissionFlagsBits names ("ManageGuild"). */
export function parsePermissions(value: bigint | string | readonly string[] | number): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return BigInt(value);
    return parsePermissions([value]);
  }
  let bits = 0n;
  for (const name of value) {
    const bit = (PermissionFlagsBits as Record<string, bigint | undefined>)[name];
    if (bit === undefined) throw new Error(`fake-discord: unknown permission name "${name}"`);
    bits |= bit;
  }
  return bits;
}
