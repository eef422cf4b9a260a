import { setTimeout as sleep } from 'node:timers/promises';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Events,
  StringSelectMenuBuilder,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../../fake-discord/index.js';
import { useFakeFixture } from './test-helpers.js';

const fixture = useFakeFixture();
const setup = fixture.setup;

async function raw(
  fake: FakeDiscord,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${fake.restUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('interaction edge semantics', () => {
  it('enforces callback and webhook order: 10008, 10015, then 40060', async () => {
    const { fake } = await setup();
    const i = await fake.slash({ user: 'alice', name: 'raw' });
    const hook = `/webhooks/${fake.applicationId}/${i.token}`;
    expect(await raw(fake, 'PATCH', `${hook}/messages/%40original`, { content: 'x' })).toMatchObject({
      status: 404,
      json: { code: 10008 },
    });
    expect(await raw(fake, 'POST', `${hook}?wait=true`, { content: 'x' })).toMatchObject({
      status: 404,
      json: { code: 10015 },
    });
    const callback = `/interactions/${i.id}/${i.token}/callback?with_response=false`;
    expect((await raw(fake, 'POST', callback, { type: 6 })).status).toBe(400); // deferUpdate is for components
    expect((await raw(fake, 'POST', callback, { type: 5 })).status).toBe(204);
    expect(await raw(fake, 'PATCH', `${hook}/messages/%40original`, { content: 'done' })).toMatchObject({
      status: 200,
      json: { content: 'done', flags: 0 },
    });
    expect(await raw(fake, 'POST', callback, { type: 4, data: { content: 'again' } })).toMatchObject({
      status: 400,
      json: { code: 40060 },
    });
    expect(await raw(fake, 'POST', `/interactions/${i.id}/wrong/callback`, { type: 4 })).toMatchObject({
      status: 404,
      json: { code: 10062 },
    });
  });

  it('deferUpdate (type 6) then editReply edits the clicked message', async () => {
    const { fake } = await setup({}, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('done').setLabel('Done').setStyle(ButtonStyle.Success),
        );
        await interaction.reply({ content: 'pending', components: [row] });
      } else if (interaction.isButton()) {
        await interaction.deferUpdate();
        await interaction.editReply({ content: 'finished', components: [] });
      }
    });
    const i = await fake.slash({ user: 'alice', name: 'task' });
    await i.response();
    const click = await fake.clickButton({ user: 'alice', message: i.message().id, customId: 'done' });
    expect((await click.response()).type).toBe(6);
    await i.waitForOriginal((m) => m.content === 'finished');
    expect(i.message().components).toEqual([]);
    expect(i.message().edits).toBe(1);
  });

  it('turns a delayed callback into 10062 (delayNext) and reports a dropped socket (disconnect)', async () => {
    let seen: unknown;
    const { fake, client } = await setup({ deadlineMs: 200 }, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen = await interaction.reply('hi').catch((e: unknown) => e);
    });
    fake.delayNext({ route: /\/callback$/, ms: 300 });
    const i = await fake.slash({ user: 'alice', name: 'slow-network' });
    expect((await i.waitForAttempt()).error).toMatchObject({ code: 10062 });
    await fake.waitFor(() => seen, 'the handler error');
    fake.failNext({ route: '/channels/:id/messages', status: 0, disconnect: true });
    const channel = await client.channels.fetch(fake.guild.defaultChannel.id);
    if (!channel?.isSendable()) throw new Error('not sendable');
    await expect(channel.send('x')).rejects.toThrow();
    expect(fake.messagesIn('general')).toHaveLength(0);
    expect(fake.requests.at(-1)?.injected).toBe('disconnect');
  });

  it('returns the callback response body with withResponse', async () => {
    let responseMessageId: string | undefined;
    const { fake } = await setup({}, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const res = await interaction.reply({ content: 'hi', withResponse: true });
      responseMessageId = res.resource?.message?.id;
    });
    const i = await fake.slash({ user: 'alice', name: 'with' });
    await i.response();
    await fake.waitFor(() => responseMessageId, 'the handler to get the response');
    expect(responseMessageId).toBe(i.message().id);
    const request = await fake.waitForRequest((r) => r.route.endsWith('/callback'));
    expect(request.query).toEqual({ with_response: 'true' });
    expect(request.status).toBe(200);
  });

  it('handles string selects and refuses unknown values', async () => {
    const { fake } = await setup({}, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const menu = new StringSelectMenuBuilder()
          .setCustomId('pick')
          .addOptions({ label: 'A', value: 'a' }, { label: 'B', value: 'b' });
        await interaction.reply({
          components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
          flags: 64,
        });
      } else if (interaction.isStringSelectMenu()) {
        await interaction.update({ content: `picked ${interaction.values.join(',')}`, components: [] });
      }
    });
    const i = await fake.slash({ user: 'alice', name: 'menu' });
    await i.response();
    expect(i.message().ephemeral).toBe(true);
    await expect(
      fake.selectMenu({ user: 'alice', message: i.message(), customId: 'pick', values: ['z'] }),
    ).rejects.toThrow(/no option/);
    await expect(
      fake.selectMenu({ user: 'bob', message: i.message(), customId: 'pick', values: ['a'] }),
    ).rejects.toThrow(/ephemeral/);
    const pick = await fake.selectMenu({
      user: 'alice',
      message: i.message(),
      customId: 'pick',
      values: ['b'],
    });
    expect((await pick.response()).type).toBe(7);
    expect(i.message().content).toBe('picked b');
  });

  it('keeps attachment names and bytes', async () => {
    const { fake } = await setup({}, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const file = new AttachmentBuilder(Buffer.from(JSON.stringify({ steps: ['git'] })), {
        name: 'export.json',
      });
      await interaction.reply({ content: 'your export', files: [file], flags: 64 });
    });
    const i = await fake.slash({ user: 'alice', name: 'export' });
    await i.response();
    const message = i.message();
    expect(message.attachments[0]?.filename).toBe('export.json');
    expect(JSON.parse(message.files[0]!.text())).toEqual({ steps: ['git'] });
    const download = await fetch(message.attachments[0]!.url);
    expect(await download.json()).toEqual({ steps: ['git'] });
  });

  it('runs commands in the bot DM (context 1) with a user instead of a member', async () => {
    let inGuild: boolean | undefined;
    const { fake } = await setup({}, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      inGuild = interaction.inGuild();
      await interaction.reply('dm reply');
    });
    const i = await fake.slash({ user: 'bob', name: 'help', dm: true });
    await i.response();
    expect(inGuild).toBe(false);
    expect(i.payload['context']).toBe(1);
    expect(fake.dmsTo('bob').map((m) => m.content)).toEqual(['dm reply']);
  });

  it('gives the owner all permissions and others none of Manage Server', async () => {
    const perms: Record<string, boolean> = {};
    const { fake } = await setup({}, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      perms[interaction.user.username] = interaction.memberPermissions?.has('ManageGuild') ?? false;
      await interaction.reply('ok');
    });
    await (await fake.slash({ user: fake.guild.owner.id, name: 'admin' })).response();
    await (await fake.slash({ user: 'alice', name: 'admin' })).response();
    await (await fake.slash({ user: 'bob', name: 'admin', permissions: ['ManageGuild'] })).response();
    expect(perms).toEqual({ owner: true, alice: false, bob: true });
  });

  it('types options from the registered definition and refuses unknown ones', async () => {
    const seen: unknown[] = [];
    const { fake, client } = await setup({}, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push(interaction.options.getInteger('weeks'), interaction.options.getUser('mentor')?.username);
      await interaction.reply('ok');
    });
    await client.application.commands.set(
      [
        {
          name: 'plan',
          description: 'Plan',
          options: [
            { type: 4, name: 'weeks', description: 'How many weeks', required: true },
            { type: 6, name: 'mentor', description: 'Mentor' },
          ],
        },
      ],
      fake.guild.id,
    );
    const i = await fake.slash({ user: 'alice', name: 'plan', options: { weeks: '6', mentor: 'carol' } });
    await i.response();
    expect(seen).toEqual([6, 'carol']);
    expect(i.payload['data']).toMatchObject({
      id: fake.commands(fake.guild.id)[0]?.id,
      guild_id: fake.guild.id,
    });
    await expect(
      fake.slash({ user: 'alice', name: 'plan', options: { weeks: 1, nope: 'x' } }),
    ).rejects.toThrow(/no option "nope"/);
    await expect(fake.slash({ user: 'alice', name: 'plan', options: {} })).rejects.toThrow(
      /requires option "weeks"/,
    );
  });
});

describe('messages, guild membership and gateway content rules', () => {
  it('computes pings from content and allowed_mentions', async () => {
    const { fake, client } = await setup();
    const alice = fake.guild.members[0]!;
    const channel = await client.channels.fetch(fake.guild.defaultChannel.id);
    if (!channel?.isSendable()) throw new Error('not sendable');
    await channel.send(`<@${alice.id}> you are up`);
    await channel.send({ content: `<@${alice.id}> quiet`, allowedMentions: { parse: [] } });
    await channel.send('@everyone hello');
    const [loud, quiet, everyone] = fake.messagesIn('general');
    expect(loud?.pings.users).toEqual([alice.id]);
    expect(loud?.allowed_mentions).toBeNull();
    expect(quiet?.pings).toEqual({ users: [], roles: [], everyone: false });
    expect(everyone?.pings.everyone).toBe(false); // the bot lacks Mention Everyone
  });

  it('refuses an empty message with 50006', async () => {
    const fake = await fixture.start();
    const res = await fetch(`${fake.restUrl}/channels/${fake.guild.defaultChannel.id}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bot ${fake.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ content: '' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'Cannot send an empty message', code: 50006 });
  });

  it('starts a thread from a message with the same id, only once', async () => {
    const { fake, client } = await setup();
    const channel = await client.channels.fetch(fake.guild.channel('interviews')!.id);
    if (!channel || channel.type !== 0) throw new Error('not text');
    const message = await channel.send('pairing');
    const thread = await message.startThread({ name: 'pair 1' });
    expect(thread.id).toBe(message.id);
    const again = await fake.waitForRequest((r) => r.route.endsWith('/threads'));
    expect(again.status).toBe(201);
    const res = await fetch(`${fake.restUrl}/channels/${channel.id}/messages/${message.id}/threads`, {
      method: 'POST',
      headers: { Authorization: `Bot ${fake.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'dup' }),
    });
    expect((await res.json()) as unknown).toMatchObject({ code: 160004 });
  });

  it('removes and re-adds the bot to a guild', async () => {
    const { fake, client } = await setup();
    const deleted = new Promise((resolve) => client.once(Events.GuildDelete, resolve));
    fake.removeBotFromGuild(fake.guild.id);
    await deleted;
    expect(client.guilds.cache.has(fake.guild.id)).toBe(false);
    const error = await client.guilds.fetch(fake.guild.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 50001 });
    await expect(fake.slash({ user: 'alice', name: 'x' })).rejects.toThrow(/not in guild/);
    const created = new Promise((resolve) => client.once(Events.GuildCreate, resolve));
    fake.addBotToGuild(fake.guild.id);
    await created;
    expect(client.guilds.cache.has(fake.guild.id)).toBe(true);
  });

  it('hides other users’ content without the MessageContent intent', async () => {
    const fake = await fixture.start({ memberCount: 2 });
    const client = await fixture.login(fake, { intents: ['Guilds', 'GuildMessages'] });
    const contents: string[] = [];
    client.on(Events.MessageCreate, (m) => {
      contents.push(m.content);
    });
    fake.sendAsUser({ user: 'alice', content: 'secret' });
    fake.sendAsUser({ user: 'alice', content: `<@${fake.applicationId}> ping` });
    await fake.waitFor(() => (contents.length === 2 ? contents : undefined), 'two messageCreate events');
    expect(contents).toEqual(['', `<@${fake.applicationId}> ping`]);
  });

  it('ignores op 8 for all members without the GuildMembers intent, as Discord does', async () => {
    const { fake, client } = await setup();
    const guild = client.guilds.cache.get(fake.guild.id)!;
    void guild.members.fetch({ time: 300 }).catch(() => undefined);
    await fake.waitFor(() => (fake.gatewayWarnings.length > 0 ? true : undefined), 'a gateway warning');
    expect(fake.gatewayWarnings[0]).toMatch(/GuildMembers intent/);
  });

  it('holds 10,000 members and serves 200 interactions quickly', async () => {
    const started = Date.now();
    const fake = await fixture.start({ memberCount: 10_000 });
    expect(Date.now() - started).toBeLessThan(2000);
    const client = await fixture.login(fake);
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) void interaction.reply({ content: 'ok', flags: 64 });
    });
    const members = fake.guild.members;
    const burst = Date.now();
    const handles = await Promise.all(
      Array.from({ length: 200 }, (_, n) => fake!.slash({ user: members[n * 50]!.id, name: 'roadmap' })),
    );
    await Promise.all(handles.map((h) => h.response(10_000)));
    expect(Date.now() - burst).toBeLessThan(5000);
    expect(fake.stats.callbacks).toBe(200);
    await sleep(0);
  }, 20_000);
});
