import { setTimeout as sleep } from 'node:timers/promises';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  Routes,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { nextEvent, useFakeFixture } from './test-helpers.js';

const fixture = useFakeFixture();
const setup = fixture.setup;

/** Errors the handler hit, so tests can assert the Discord error code the bot saw. */
function errorCode(error: unknown): number | string | undefined {
  return error instanceof DiscordAPIError ? error.code : undefined;
}

describe('fake Discord with a bare discord.js client', () => {
  it('logs in, gets clientReady with the guild cached, and application set', async () => {
    const { fake, client } = await setup();
    const guild = client.guilds.cache.get(fake.guild.id);
    expect(guild?.name).toBe('Stepwise Test Server');
    expect(guild?.channels.cache.map((c) => c.name)).toEqual(
      expect.arrayContaining(['general', 'accountability', 'interviews']),
    );
    expect(client.application.id).toBe(fake.applicationId);
    expect(client.user.id).toBe(fake.applicationId);
    expect(fake.guild.members).toHaveLength(3);
    expect(fake.guild.members[0]?.username).toBe('alice');
    expect(fake.guild.members[0]?.id).toMatch(/^\d{17,19}$/);
    expect(fake.stats.identifies).toBe(1);
    await expect(fake.waitForIdentify()).resolves.toBe(1);
  });

  it('rejects a wrong token on REST with 401', async () => {
    const fake = await fixture.start();
    const res = await fetch(`${fake.restUrl}/users/@me`, { headers: { Authorization: 'Bot nope' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 });
  });

  it('answers an injected slash command with options resolved (reply)', async () => {
    const seen: string[] = [];
    const { fake } = await setup({}, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const partner = interaction.options.getUser('partner', true);
      seen.push(`${interaction.options.getString('step')}:${partner.username}`);
      await interaction.reply({
        content: `step ${interaction.options.getString('step')}`,
        allowedMentions: { parse: [] },
      });
    });
    const [alice, bob] = fake.guild.members;
    const i = await fake.slash({
      user: alice!.id,
      name: 'roadmap',
      options: { step: 'git', partner: { user: bob!.username } },
    });
    const res = await i.response();
    expect(res.type).toBe(4);
    expect(res.data?.['content']).toBe('step git');
    expect(seen).toEqual(['git:bob']);
    const message = i.message();
    expect(message.id).toMatch(/^\d{17,19}$/);
    expect(message.ephemeral).toBe(false);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.pings.users).toEqual([]);
    expect(fake.messagesIn('general').map((m) => m.content)).toEqual(['step git']);
  });

  it('supports deferReply + editReply, and a follow-up', async () => {
    const { fake } = await setup({}, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await sleep(20);
      await interaction.editReply('done');
      await interaction.followUp({ content: 'extra', flags: MessageFlags.Ephemeral });
    });
    const i = await fake.slash({ user: 'alice', name: 'checkin' });
    expect((await i.response()).type).toBe(5);
    const original = await i.waitForOriginal();
    expect(original.content).toBe('done');
    expect(original.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const followUps = await i.waitForFollowUps(1);
    expect(followUps[0]?.content).toBe('extra');
    // Ephemeral messages are not listed in the channel.
    expect(fake.messagesIn('general')).toHaveLength(0);
  });

  it('makes the first follow-up after deferReply replace the thinking message', async () => {
    const { fake } = await setup({}, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.followUp('first');
    });
    const i = await fake.slash({ user: 'bob', name: 'x' });
    const original = await i.waitForOriginal((m) => m.content === 'first');
    expect(original.flags & MessageFlags.Loading).toBe(0);
    expect(i.followUps()).toHaveLength(0);
  });

  it('updates the clicked message on a button update (type 7)', async () => {
    const { fake } = await setup({}, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('roadmap:v1:next').setLabel('Next').setStyle(ButtonStyle.Primary),
        );
        await interaction.reply({ content: 'step 1', components: [row] });
      } else if (interaction.isButton()) {
        await interaction.update({ content: `step 2 (${interaction.customId})`, components: [] });
      }
    });
    const alice = fake.guild.members[0]!;
    const i = await fake.slash({ user: alice.id, name: 'roadmap' });
    await i.response();
    const click = await fake.clickButton({
      user: alice.id,
      message: i.message(),
      customId: 'roadmap:v1:next',
    });
    expect((await click.response()).type).toBe(7);
    expect(i.message().content).toBe('step 2 (roadmap:v1:next)');
    expect(click.message().id).toBe(i.message().id);
    await expect(
      fake.clickButton({ user: alice.id, message: i.message(), customId: 'roadmap:v1:next' }),
    ).rejects.toThrow(/no component/);
  });

  it('shows a modal (Label layout) and handles its submit; legacy rows work too', async () => {
    const { fake } = await setup({}, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const modal = new ModalBuilder()
          .setCustomId('checkin:v1')
          .setTitle('Weekly check-in')
          .addLabelComponents(
            new LabelBuilder()
              .setLabel('What did you do?')
              .setTextInputComponent(
                new TextInputBuilder().setCustomId('done').setStyle(TextInputStyle.Paragraph),
              ),
          );
        await interaction.showModal(modal);
      } else if (interaction.isModalSubmit()) {
        await interaction.reply({ content: `got: ${interaction.fields.getTextInputValue('done')}` });
      }
    });
    const i = await fake.slash({ user: 'alice', name: 'checkin' });
    expect((await i.response()).type).toBe(9);
    expect(i.modal()['title']).toBe('Weekly check-in');
    const submit = await fake.submitModal({ from: i, values: { done: 'two katas' } });
    expect(submit.payload['data']).toMatchObject({
      custom_id: 'checkin:v1',
      components: [{ type: 18, component: { type: 4, custom_id: 'done', value: 'two katas' } }],
    });
    expect((await submit.response()).data?.['content']).toBe('got: two katas');

    const legacy = await fake.submitModal({
      user: 'bob',
      customId: 'checkin:v1',
      layout: 'row',
      values: { done: 'x' },
    });
    expect((await legacy.response()).data?.['content']).toBe('got: x');
    await expect(fake.submitModal({ from: i, values: { done: '' } })).rejects.toThrow(/required/);
  });

  it('answers autocomplete with respond (type 8)', async () => {
    const { fake } = await setup({}, async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused();
      await interaction.respond(
        ['git', 'github', 'sql'].filter((s) => s.startsWith(typed)).map((s) => ({ name: s, value: s })),
      );
    });
    const i = await fake.autocomplete({
      user: 'alice',
      name: 'roadmap',
      options: { step: 'gi' },
      focused: 'step',
    });
    expect((await i.response()).type).toBe(8);
    expect(i.choices().map((c) => c['value'])).toEqual(['git', 'github']);
  });

  it('sends DMs, reuses the DM channel, and refuses closed DMs with 50007', async () => {
    const { fake, client } = await setup();
    const [alice, bob] = fake.guild.members;
    await client.users.send(alice!.id, 'hello');
    await client.users.send(alice!.id, 'again');
    expect(fake.dmsTo(alice!.id).map((m) => m.content)).toEqual(['hello', 'again']);
    expect(fake.requests.filter((r) => r.route === '/users/@me/channels')).toHaveLength(1);
    fake.closeDms(bob!.id);
    const error = await client.users.send(bob!.id, 'hi').catch((e: unknown) => e);
    expect(errorCode(error)).toBe(50007);
    expect(fake.dmsTo(bob!.id)).toHaveLength(0);
  });

  it('refuses a reply of 2,001 characters with 50035', async () => {
    let seen: unknown;
    const { fake } = await setup({}, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen = await interaction.reply('x'.repeat(2001)).catch((e: unknown) => e);
    });
    const i = await fake.slash({ user: 'alice', name: 'long' });
    const attempt = await i.waitForAttempt();
    expect(attempt.status).toBe(400);
    expect(attempt.error).toMatchObject({
      code: 50035,
      errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
    await fake.waitFor(() => seen, 'the handler to see the error');
    expect(errorCode(seen)).toBe(50035);
    expect(i.callback()).toBeNull();
  });

  it('answers a second acknowledgement with 40060', async () => {
    let second: unknown;
    const { fake, client } = await setup({}, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply('one');
      // discord.js refuses a second reply itself, so go through REST like a buggy bot would.
      second = await client.rest
        .post(Routes.interactionCallback(interaction.id, interaction.token), {
          body: { type: 4, data: { content: 'two' } },
          auth: false,
        })
        .catch((e: unknown) => e);
    });
    const i = await fake.slash({ user: 'alice', name: 'twice' });
    await i.response();
    await fake.waitFor(() => second, 'the second callback');
    expect(errorCode(second)).toBe(40060);
    expect(i.attempts().map((a) => a.status)).toEqual([204, 400]);
  });

  it('answers a reply after the deadline with 10062', async () => {
    let seen: unknown;
    const { fake } = await setup({ deadlineMs: 150 }, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await sleep(300);
      seen = await interaction.reply('late').catch((e: unknown) => e);
    });
    const i = await fake.slash({ user: 'alice', name: 'slow' });
    const attempt = await i.waitForAttempt();
    expect(attempt).toMatchObject({ status: 404, error: { code: 10062, message: 'Unknown interaction' } });
    await fake.waitFor(() => seen, 'the handler to see the error');
    expect(errorCode(seen)).toBe(10062);
  });

  it('lets REST retry through two injected 500s', async () => {
    const { fake, client } = await setup();
    fake.failNext({ method: 'POST', route: '/channels/:id/messages', count: 2, status: 500 });
    const channel = await client.channels.fetch(fake.guild.channel('general')!.id);
    if (!channel?.isSendable()) throw new Error('not sendable');
    await channel.send('survived');
    const sends = fake.requests.filter(
      (r) => r.method === 'POST' && r.route === '/channels/:channelId/messages',
    );
    expect(sends.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(fake.messagesIn('general').map((m) => m.content)).toEqual(['survived']);
  });

  it('rate limits with Discord headers and the client still succeeds', async () => {
    const { fake, client } = await setup({
      rateLimit: { globalPerSecond: 5, perRoute: { limit: 10, windowMs: 1000 } },
    });
    const channel = await client.channels.fetch(fake.guild.channel('accountability')!.id);
    if (!channel?.isSendable()) throw new Error('not sendable');
    await Promise.all(Array.from({ length: 25 }, (_, n) => channel.send(`msg ${n}`)));
    expect(fake.messagesIn('accountability')).toHaveLength(25);
    expect(fake.stats.rateLimited).toBeGreaterThan(0);
    const limited = fake.requests.filter((r) => r.status === 429);
    expect(limited.length).toBe(fake.stats.rateLimited);
    for (const r of limited) {
      expect(Number(r.responseHeaders['Retry-After'])).toBeGreaterThan(0);
      expect(r.responseBody).toMatchObject({ message: 'You are being rate limited.' });
    }
    const okSend = fake.requests.find((r) => r.status === 200 && r.route === '/channels/:channelId/messages');
    expect(okSend?.responseHeaders).toMatchObject({
      'X-RateLimit-Limit': '10',
      'X-RateLimit-Bucket': expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(Number(okSend?.responseHeaders['X-RateLimit-Reset-After'])).toBeGreaterThan(0);
    expect(okSend?.responseHeaders['X-RateLimit-Remaining']).toMatch(/^\d+$/);
  }, 20_000);

  it('resumes after dropGateway() and keeps answering', async () => {
    const { fake, client } = await setup({}, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('still here');
    });
    const resumed = nextEvent(client, Events.ShardResume);
    fake.dropGateway();
    await fake.waitForResume();
    await resumed;
    expect(fake.stats.identifies).toBe(1);
    expect(fake.gatewayConnections.at(-1)).toMatch(/^\/resume\?v=10&encoding=json/);
    const i = await fake.slash({ user: 'alice', name: 'ping' });
    expect((await i.response()).data?.['content']).toBe('still here');
  });

  it('replays events missed while disconnected on RESUME', async () => {
    const { fake, client } = await setup();
    const created = nextEvent<{ id: string }>(client, Events.GuildMemberAdd);
    fake.dropGateway(4000);
    await sleep(50);
    // With Guilds only, GUILD_MEMBER_ADD is filtered; use a raw dispatch to check replay.
    fake.dispatch('GUILD_MEMBER_ADD', {
      guild_id: fake.guild.id,
      user: {
        id: '1234567890123456789',
        username: 'zed',
        discriminator: '0',
        global_name: null,
        avatar: null,
      },
      roles: [],
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    });
    await fake.waitForResume();
    const [member] = await created;
    expect(member?.id).toBe('1234567890123456789');
  });

  it('validates command definitions on PUT and stores valid ones', async () => {
    const { fake, client } = await setup();
    const bad = await client.application.commands
      .set([{ name: 'Bad Name', description: 'nope' }])
      .catch((e: unknown) => e);
    expect(errorCode(bad)).toBe(50035);
    expect((bad as DiscordAPIError).rawError).toMatchObject({
      errors: { '0': { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } },
    });
    const set = await client.application.commands.set([{ name: 'roadmap', description: 'Your roadmap' }]);
    expect([...set.values()].map((c) => c.name)).toEqual(['roadmap']);
    expect(fake.commands()[0]?.id).toMatch(/^\d{17,19}$/);
    const dup = await client.application.commands
      .set([
        { name: 'a', description: 'x' },
        { name: 'a', description: 'y' },
      ])
      .catch((e: unknown) => e);
    expect(errorCode(dup)).toBe(50035);
  });

  it('creates private threads, adds members, and refuses non-members with 10007', async () => {
    const { fake, client } = await setup();
    const channel = await client.channels.fetch(fake.guild.channel('interviews')!.id);
    if (!channel || channel.type !== 0) throw new Error('not a text channel');
    const thread = await channel.threads.create({ name: 'mock interview', type: 12 });
    const alice = fake.guild.members[0]!;
    await thread.members.add(alice.id);
    expect(fake.threadMembers(thread.id)).toEqual([fake.applicationId, alice.id]);
    const error = await thread.members.add('1111111111111111111').catch((e: unknown) => e);
    expect(errorCode(error)).toBe(10007);
    await thread.send('welcome');
    expect(fake.messagesIn(thread.id).map((m) => m.content)).toEqual(['welcome']);
    expect(fake.threads.map((t) => t.type)).toEqual([12]);
  });

  it('refuses sends in a denied channel with 50013 and records unknown routes', async () => {
    const { fake, client } = await setup();
    fake.denyChannel('general');
    const channel = await client.channels.fetch(fake.guild.channel('general')!.id);
    if (!channel?.isSendable()) throw new Error('not sendable');
    expect(errorCode(await channel.send('x').catch((e: unknown) => e))).toBe(50013);
    const res = await fetch(`${fake.restUrl}/nope/${fake.guild.id}`, {
      headers: { Authorization: `Bot ${fake.token}` },
    });
    expect(res.status).toBe(404);
    expect(fake.unknownRequests.map((r) => r.route)).toEqual(['/nope/:id']);
  });

  it('serves members over REST and op 8 chunks for a large guild', async () => {
    const fake = await fixture.start({ memberCount: 2500 });
    const client = await fixture.login(fake, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
    });
    const guild = client.guilds.cache.get(fake.guild.id)!;
    expect(guild.memberCount).toBe(2502);
    expect(guild.members.cache.size).toBe(1); // large guild: only the bot, as on Discord
    const page = await guild.members.list({ limit: 1000 });
    expect(page.size).toBe(1000);
    const all = await guild.members.fetch();
    expect(all.size).toBe(2502);
    const one = await guild.members.fetch({ user: fake.guild.members[42]!.id, force: true });
    expect(one.user.username).toBe(fake.guild.members[42]!.username);
  });
});
