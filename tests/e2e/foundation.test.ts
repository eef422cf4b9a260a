import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { Routes, SlashCommandBuilder } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.js';
import type { CommandModule } from '../../src/discord/command.js';
import { GENERIC_ERROR_MESSAGE } from '../../src/discord/dispatcher.js';
import { startFakeDiscord, type FakeDiscord } from '../../fake-discord/index.js';
import { startHarness, visibleText, type Harness } from '../support/harness.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function harness(...args: Parameters<typeof startHarness>): Promise<Harness> {
  const h = await startHarness(...args);
  cleanups.push(() => h.close());
  return h;
}

function commandPuts(fake: FakeDiscord) {
  return fake.requests.filter((r) => r.method === 'PUT' && r.route.includes('/commands'));
}

describe('foundation, end to end through discord.js', () => {
  it('logs in, caches the server and registers its commands to the dev server once', async () => {
    const h = await harness();
    expect(h.bot.client.isReady()).toBe(true);
    expect(h.bot.client.guilds.cache.get(h.fake.guild.id)?.name).toBe(h.fake.guild.name);
    expect(h.fake.stats.identifies).toBe(1);
    const registered = h.fake
      .commands(h.fake.guild.id)
      .map((c) => c.name)
      .sort();
    expect(registered).toEqual(commands.map((c) => c.data.name).sort());
    expect(commandPuts(h.fake)).toHaveLength(1);
    expect(h.logs.find('connected to Discord')).toHaveLength(1);
  });

  it('does not register again when restarted with unchanged commands', async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const first = await startHarness({ existingFake: fake });
    await first.close();
    expect(commandPuts(fake)).toHaveLength(1);
    const second = await harness({ existingFake: fake, dataDir: first.dataDir });
    expect(commandPuts(fake)).toHaveLength(1);
    expect(second.logs.find('slash commands already up to date')).toHaveLength(1);
  });

  it('answers /help ephemerally with every command, generated from the definitions', async () => {
    const h = await harness();
    const member = h.fake.guild.members[0];
    expect(member).toBeDefined();
    const interaction = await h.fake.slash({ user: member!.id, name: 'help' });
    const response = await interaction.response();
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(Number(response.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const text = visibleText(interaction.message());
    for (const command of commands) expect(text).toContain(`/${command.data.name}`);
    expect(text).toContain('/roadmap [step] [track] [public]');
  });

  it('answers an unknown command and a failing command with a short ephemeral message, and logs the error', async () => {
    const failing: CommandModule = {
      data: new SlashCommandBuilder().setName('explode').setDescription('Always fails').toJSON(),
      async execute() {
        throw new Error('kaboom');
      },
    };
    const h = await harness({ commands: [...commands, failing] });
    const member = h.fake.guild.members[0]!;

    const failed = await h.fake.slash({ user: member.id, name: 'explode' });
    await failed.response();
    expect(failed.message().content).toBe(GENERIC_ERROR_MESSAGE);
    expect(failed.message().flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const errorLog = h.logs.find('interaction failed')[0];
    expect(errorLog?.interactionId).toBe(failed.id);
    expect(JSON.stringify(errorLog?.err)).toContain('kaboom');

    const unknown = await h.fake.slash({ user: member.id, name: 'no-such-command' });
    await unknown.response();
    expect(unknown.message().content).toMatch(/not available/);
    expect(unknown.message().flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);

    // The log line is written once the reply is sent, so it may trail the response by a moment.
    await vi.waitFor(() => expect(h.logs.find('interaction')).toHaveLength(2));
    const outcomes = h.logs.find('interaction').map((line) => [line.command, line.outcome]);
    expect(outcomes).toEqual([
      ['explode', 'error'],
      ['no-such-command', 'unknown'],
    ]);
  });

  it('answers buttons from an older version or forged ones instead of leaving them unanswered', async () => {
    const h = await harness();
    const member = h.fake.guild.members[0]!;
    const channel = h.fake.guild.channels.find((c) => c.name === 'general')!;
    // As if an older Stepwise had posted these buttons before an upgrade.
    const ids = [
      'roadmap:v0:set:x',
      'roadmap:v1:no-such-action',
      'not-ours',
      `roadmap:v1:open:${member.id}:no-such-step`,
    ];
    await h.bot.client.rest.post(Routes.channelMessages(channel.id), {
      body: {
        content: 'old card',
        components: [
          {
            type: 1,
            components: ids.map((custom_id) => ({
              type: 2,
              style: 2,
              label: custom_id.slice(0, 20),
              custom_id,
            })),
          },
        ],
      },
    });
    const old = h.fake.messagesIn(channel.id).at(-1)!;
    for (const customId of ids) {
      const click = await h.fake.clickButton({ user: member.id, message: old, customId });
      const response = await click.response();
      expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(Number(response.data?.flags) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(String(response.data?.content)).toMatch(/out of date|not in the roadmap/);
    }
  });

  it('resumes after the gateway drops and keeps answering', async () => {
    const h = await harness();
    const member = h.fake.guild.members[0]!;
    h.fake.dropGateway();
    await h.fake.waitForResume({ timeoutMs: 10_000 });
    const interaction = await h.fake.slash({ user: member.id, name: 'help' });
    expect((await interaction.response()).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(h.fake.stats.identifies).toBe(1);
    expect(h.fake.stats.resumes).toBeGreaterThanOrEqual(1);
  });

  it('never lets a message ping anyone', async () => {
    const h = await harness();
    const member = h.fake.guild.members[0]!;
    const interaction = await h.fake.slash({ user: member.id, name: 'help' });
    await interaction.response();
    expect(interaction.message().allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(interaction.message().pings).toEqual({ users: [], roles: [], everyone: false });
  });
});
