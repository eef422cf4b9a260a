import fs from 'node:fs';
import path from 'node:path';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { INVITE_PERMISSIONS, startFakeDiscord } from '../../fake-discord/index.js';
import type { FakeDiscord } from '../../fake-discord/index.js';

/**
 * The fake forgives nothing real Discord would refuse: the bot has only the invite link's permissions,
 * channel overwrites and implicit denies apply, archived threads take no members and threads archive on
 * the clock, and any bot message whose text could ping someone unnamed is recorded as a violation.
 */
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(): Promise<FakeDiscord> {
  fake = await startFakeDiscord({ members: ['alice', 'bob'] });
  return fake;
}

async function call(
  f: FakeDiscord,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${f.restUrl}${route}`, {
    method,
    headers: { Authorization: `Bot ${f.token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const post = (f: FakeDiscord, channelId: string, body: Record<string, unknown>) =>
  call(f, 'POST', `/channels/${channelId}/messages`, body);

describe("the bot's permissions", () => {
  it("are exactly the README invite link's, which names each of them", async () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const integers = [...readme.matchAll(/permissions=(\d+)/g)].map((m) => BigInt(m[1]!));
    expect(integers.length).toBeGreaterThan(0);
    for (const value of integers) expect(value).toBe(INVITE_PERMISSIONS);
    expect(readme).toContain(`(permission integer \`${INVITE_PERMISSIONS}\`)`);
    const f = await start();
    const botRole = f.guild.roles.find((r) => r.managed)!;
    expect(botRole.permissions).toBe(INVITE_PERMISSIONS);
  });

  it('follow the overwrites: @everyone, then roles, then the member; Administrator overrides them', async () => {
    const f = await start();
    const channel = f.channel('general');
    const botRole = f.guild.roles.find((r) => r.managed)!;
    const bot = f.guild.botMember;
    channel.overwrites = [{ id: f.guild.id, type: 0, allow: 0n, deny: PermissionFlagsBits.SendMessages }];
    expect((await post(f, channel.id, { content: 'a' })).json['code']).toBe(50013);
    channel.overwrites.push({ id: botRole.id, type: 0, allow: PermissionFlagsBits.SendMessages, deny: 0n });
    expect((await post(f, channel.id, { content: 'b' })).status).toBe(200);
    channel.overwrites.push({ id: bot.id, type: 1, allow: 0n, deny: PermissionFlagsBits.SendMessages });
    expect((await post(f, channel.id, { content: 'c' })).json['code']).toBe(50013);
    const admin = {
      ...botRole,
      id: '900000000000000001',
      managed: false,
      permissions: PermissionFlagsBits.Administrator,
    };
    f.guild.roles.push(admin);
    bot.roles.push(admin.id);
    expect((await post(f, channel.id, { content: 'd' })).status).toBe(200);
  });

  it('deny everything in a channel the bot cannot view, and embeds where it cannot send', async () => {
    const f = await start();
    const channel = f.channel('general');
    channel.overwrites = [
      {
        id: f.guild.botMember.id,
        type: 1,
        allow: PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks,
        deny: PermissionFlagsBits.ViewChannel,
      },
    ];
    expect(f.guild.permissionsOf(f.guild.botMember, channel)).toBe(0n);
    expect((await post(f, channel.id, { content: 'hidden' })).json['code']).toBe(50001);
    channel.overwrites = [
      {
        id: f.guild.botMember.id,
        type: 1,
        allow: PermissionFlagsBits.EmbedLinks,
        deny: PermissionFlagsBits.SendMessages,
      },
    ];
    expect(f.guild.permissionsOf(f.guild.botMember, channel) & PermissionFlagsBits.EmbedLinks).toBe(0n);
    expect(f.messagesIn(channel.id)).toEqual([]);
  });

  it('records every permission a request needed, to compare with the invite', async () => {
    const f = await start();
    await post(f, f.channel('general').id, { content: 'x', embeds: [{ description: 'y' }] });
    expect(f.botPermissionsUsed).toBe(
      PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks,
    );
    // @everyone lets the bot react here, but the invite does not grant it: a stricter server would refuse.
    const message = f.messagesIn('general')[0]!;
    await call(f, 'PUT', `/channels/${message.channel_id}/messages/${message.id}/reactions/%F0%9F%91%8D/@me`);
    expect(f.botPermissionsUsed & ~INVITE_PERMISSIONS).toBe(PermissionFlagsBits.AddReactions);
  });
});

describe('threads', () => {
  it('archive after auto_archive_duration of inactivity on the clock; an archived thread takes no members until a message reopens it', async () => {
    const f = await start();
    let now = Date.parse('2026-11-16T12:00:00Z');
    f.useClock(() => now);
    const created = await call(f, 'POST', `/channels/${f.channel('interviews').id}/threads`, {
      name: 'Mock interview',
      type: ChannelType.PrivateThread,
      auto_archive_duration: 10080,
    });
    const threadId = String(created.json['id']);
    const alice = f.member('alice');
    const bob = f.member('bob');
    expect((await call(f, 'PUT', `/channels/${threadId}/thread-members/${alice.id}`)).status).toBe(204);

    now += 7 * 24 * 3600_000 - 60_000;
    expect((await call(f, 'GET', `/channels/${threadId}`)).json['thread_metadata']).toMatchObject({
      archived: false,
    });
    now += 60_000;
    expect((await call(f, 'GET', `/channels/${threadId}`)).json['thread_metadata']).toMatchObject({
      archived: true,
    });
    const refused = await call(f, 'PUT', `/channels/${threadId}/thread-members/${bob.id}`);
    expect(refused.json['code']).toBe(50083);
    expect(f.threadMembers(threadId)).not.toContain(bob.id);

    // Sending unarchives an unlocked thread, and the week starts again from that message.
    expect((await post(f, threadId, { content: 'Halfway!' })).status).toBe(200);
    expect(f.channel(threadId).archived).toBe(false);
    expect((await call(f, 'PUT', `/channels/${threadId}/thread-members/${bob.id}`)).status).toBe(204);
    now += 7 * 24 * 3600_000 - 60_000;
    expect((await call(f, 'GET', `/channels/${threadId}`)).json['thread_metadata']).toMatchObject({
      archived: false,
    });
  });
});

describe('mentions', () => {
  it('records a bot message whose text could notify someone it did not name', async () => {
    const f = await start();
    const channel = f.channel('general').id;
    const alice = f.member('alice').id;
    const role = f.guild.roles.find((r) => r.name === 'Mentor')!.id;
    const ok = [
      { content: `<@${alice}> hi`, allowed_mentions: { parse: [] } },
      { content: `<@${alice}> hi`, allowed_mentions: { parse: [], users: [alice] } },
      { content: `@everyone <@&${role}>`, allowed_mentions: { parse: ['users'] } },
      { content: 'no mention at all' },
    ];
    for (const body of ok) await post(f, channel, body);
    expect(f.mentionViolations).toEqual([]);
    const bad = [
      { content: `<@${alice}> hi` },
      { content: `<@${alice}> hi`, allowed_mentions: { users: [alice] } },
      { content: '@here', allowed_mentions: { parse: ['everyone'] } },
      { content: `<@&${role}>`, allowed_mentions: { parse: ['roles'] } },
    ];
    for (const body of bad) await post(f, channel, body);
    expect(f.mentionViolations.map((v) => v.reason)).toEqual([
      'mentions users without allowed_mentions',
      'mentions users with allowed_mentions but no explicit parse',
      'allowed_mentions.parse lets everyone ping',
      'allowed_mentions.parse lets roles ping',
    ]);
  });
});
