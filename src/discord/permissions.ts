import { PermissionsBitField, type Client } from 'discord.js';

/** Names of the permissions the bot lacks in a channel (empty when it has them all). */
export async function missingChannelPermissions(
  client: Client,
  guildId: string,
  channelId: string,
  wanted: readonly bigint[],
): Promise<string[]> {
  const guild = client.guilds.cache.get(guildId);
  const channel = guild?.channels.cache.get(channelId);
  if (!guild || !channel) return ['View Channel'];
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const have = channel.permissionsFor(me);
  const missing = new PermissionsBitField(wanted).remove(have);
  return missing.toArray().map((name) => name.replace(/([a-z])([A-Z])/g, '$1 $2'));
}
