import net from 'node:net';
import os from 'node:os';
import { sql } from 'kysely';
import { MessageFlags } from 'discord-api-types/v10';
import {
  ApplicationCommandOptionType,
  SlashCommandBuilder,
  type APIApplicationCommandOption,
} from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.js';
import type { ManualClock } from '../../src/clock.js';
import type { CommandModule } from '../../src/discord/command.js';
import { SHUTTING_DOWN_MESSAGE } from '../../src/discord/dispatcher.js';
import { findGuild } from '../../src/db/repositories/guilds.js';
import { applyStepAction, listStepProgress } from '../../src/db/repositories/progress.js';
import { joinCheckins } from '../../src/db/repositories/checkins.js';
import { DAY_MS } from '../../src/domain/time/duration.js';
import type { FakeMember, OptionInput } from '../../fake-discord/index.js';
import { startHarness, visibleText, type Harness } from '../support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  h = await startHarness({ fake: { members: ['alice', 'bob'] }, ...options });
  return h;
}

/** Every row of every table, to prove that something changed nothing (the instance lease renews itself). */
async function snapshot(harness: Harness): Promise<string> {
  const tables = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name != 'instance_lease' order by name`.execute(
    harness.bot.database.db,
  );
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables.rows) {
    dump[name] = (await sql`select * from ${sql.table(name)}`.execute(harness.bot.database.db)).rows;
  }
  return JSON.stringify(dump);
}

/** A plausible value for every required option, so only the permission check can refuse. */
function validOptions(
  harness: Harness,
  options: readonly APIApplicationCommandOption[],
): Record<string, OptionInput> {
  const values: Record<string, OptionInput> = {};
  for (const option of options) {
    if (!('required' in option) || !option.required) continue;
    if ('choices' in option && option.choices?.[0]) values[option.name] = option.choices[0].value;
    else if (option.type === ApplicationCommandOptionType.Channel)
      values[option.name] = { channel: harness.fake.guild.channels[0]!.id };
    else if (option.type === ApplicationCommandOptionType.User)
      values[option.name] = { user: harness.fake.guild.members[0]!.id };
    else if (
      option.type === ApplicationCommandOptionType.Integer ||
      option.type === ApplicationCommandOptionType.Number
    )
      values[option.name] = 'min_value' in option && option.min_value !== undefined ? option.min_value : 1;
    else if (option.type === ApplicationCommandOptionType.Boolean) values[option.name] = true;
    else if (option.name === 'time') values[option.name] = '09:00';
    else if (option.name === 'timezone') values[option.name] = 'UTC';
    else values[option.name] = 'x';
  }
  return values;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

describe('permissions', () => {
  it('refuses every admin subcommand to a member without Manage Server, and nothing changes', async () => {
    const harness = await start();
    const alice = harness.fake.member('alice');
    const before = await snapshot(harness);
    const admin = commands.filter((c) => c.adminOnly);
    expect(admin.length).toBeGreaterThan(0);
    for (const command of admin) {
      const subcommands = (command.data.options ?? []).filter((o) => o.type === 1);
      for (const subcommand of subcommands.length ? subcommands : [undefined]) {
        // Discord would hide these; a server owner may have loosened the default, so the bot checks again.
        const interaction = await harness.fake.slash({
          user: alice.id,
          name: command.data.name,
          ...(subcommand ? { subcommand: subcommand.name } : {}),
          options: validOptions(
            harness,
            subcommand && 'options' in subcommand ? (subcommand.options ?? []) : (command.data.options ?? []),
          ),
        });
        await interaction.response();
        expect(interaction.message().content, `${command.data.name} ${subcommand ?? ''}`).toMatch(
          /Manage Server/,
        );
        expect(interaction.message().flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      }
    }
    expect(await snapshot(harness)).toBe(before);
  });

  it('/config show gives an admin every setting, ephemerally', async () => {
    const harness = await start();
    const interaction = await harness.fake.slash({
      user: harness.fake.guild.owner.id,
      name: 'config',
      subcommand: 'show',
    });
    await interaction.response();
    const text = visibleText(interaction.message());
    expect(text).toContain('Stepwise settings for this server');
    expect(text).toContain('Weekly check-ins');
    expect(text).toContain('Not set up. `/checkin-admin setup`');
    expect(text).toContain('Mock interviews');
    expect(text).toContain('Not set up. `/interview-admin setup`');
    expect(text).toContain('30 days after Stepwise is removed');
    expect(interaction.message().flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });
});

describe('privacy', () => {
  async function seed(harness: Harness, ...members: FakeMember[]) {
    for (const member of members) {
      const key = { guildId: harness.fake.guild.id, userId: member.id };
      await applyStepAction(
        harness.bot.database.db,
        key,
        'git',
        'done',
        new Date(1000),
        `https://github.com/${member.username}/x`,
      );
      await joinCheckins(harness.bot.database.db, key.guildId, member.id, new Date(1000));
    }
  }

  it('/privacy export sends my data, and only mine, as an ephemeral JSON file', async () => {
    const harness = await start();
    const [alice, bob] = [harness.fake.member('alice'), harness.fake.member('bob')];
    await seed(harness, alice, bob);
    const interaction = await harness.fake.slash({ user: alice.id, name: 'privacy', subcommand: 'export' });
    await interaction.response();
    const message = interaction.message();
    expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(message.content).toMatch(/1 roadmap step, 1 check-in membership/);
    expect(message.files).toHaveLength(1);
    const exported = JSON.parse(message.files[0]!.text()) as {
      user: { id: string };
      data: Record<string, Array<{ user_id: string; proof_url?: string }>>;
    };
    expect(exported.user.id).toBe(alice.id);
    expect(exported.data.step_progress).toMatchObject([
      { user_id: alice.id, proof_url: 'https://github.com/alice/x' },
    ]);
    expect(JSON.stringify(exported)).not.toContain(bob.id);
  });

  it('/privacy delete asks first, cancel keeps everything, confirm deletes all of mine and nothing else', async () => {
    const harness = await start();
    const [alice, bob] = [harness.fake.member('alice'), harness.fake.member('bob')];
    await seed(harness, alice, bob);
    const ask = async () => {
      const interaction = await harness.fake.slash({ user: alice.id, name: 'privacy', subcommand: 'delete' });
      await interaction.response();
      return interaction.message();
    };
    const first = await ask();
    expect(first.content).toMatch(/cannot be undone/);
    const cancel = await harness.fake.clickButton({
      user: alice.id,
      message: first,
      customId: `privacy:v1:cancel:${alice.id}`,
    });
    await cancel.response();
    expect(
      await listStepProgress(harness.bot.database.db, { guildId: harness.fake.guild.id, userId: alice.id }),
    ).toHaveLength(1);

    const second = await ask();
    const confirm = await harness.fake.clickButton({
      user: alice.id,
      message: second,
      customId: `privacy:v1:delete:${alice.id}`,
    });
    await confirm.response();
    expect(harness.fake.message(second.id)?.content).toMatch(/Deleted 1 roadmap step, 1 check-in membership/);
    const exported = await harness.fake.slash({ user: alice.id, name: 'privacy', subcommand: 'export' });
    await exported.response();
    expect(exported.message().content).toMatch(/: nothing\./);
    expect(
      await listStepProgress(harness.bot.database.db, { guildId: harness.fake.guild.id, userId: bob.id }),
    ).toHaveLength(1);
  });
});

describe('data retention after removal', () => {
  it("deletes a server's data 30 days after the bot is removed, unless it is added back", async () => {
    const harness = await start();
    const clock = harness.clock as ManualClock;
    const guildId = harness.fake.guild.id;
    const alice = harness.fake.member('alice');
    await applyStepAction(
      harness.bot.database.db,
      { guildId, userId: alice.id },
      'git',
      'done',
      new Date(1000),
    );
    const rows = () => listStepProgress(harness.bot.database.db, { guildId, userId: alice.id });

    harness.fake.removeBotFromGuild(guildId);
    await vi.waitFor(async () =>
      expect((await findGuild(harness.bot.database.db, guildId))?.left_at).not.toBeNull(),
    );
    clock.advance(20 * DAY_MS);
    harness.fake.addBotToGuild(guildId);
    await vi.waitFor(async () =>
      expect((await findGuild(harness.bot.database.db, guildId))?.left_at).toBeNull(),
    );
    clock.advance(20 * DAY_MS);
    await harness.bot.scheduler.tick();
    expect(await rows()).toHaveLength(1);

    harness.fake.removeBotFromGuild(guildId);
    await vi.waitFor(async () =>
      expect((await findGuild(harness.bot.database.db, guildId))?.left_at).not.toBeNull(),
    );
    clock.advance(29 * DAY_MS);
    await harness.bot.scheduler.tick();
    expect(await rows()).toHaveLength(1);
    clock.advance(2 * DAY_MS);
    await harness.bot.scheduler.tick();
    expect(await rows()).toHaveLength(0);
    expect(await findGuild(harness.bot.database.db, guildId)).toBeUndefined();
  });
});

describe('operating the bot', () => {
  it('serves a health endpoint reporting the gateway and the database', async () => {
    const port = await freePort();
    const harness = await start({ env: { HEALTH_PORT: String(port) } });
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      gateway: { status: 'Ready', ready: true },
      database: { dialect: 'sqlite', ok: true },
    });
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    // Only on the loopback interface by default: not reachable on the machine's network address.
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    if (external) await expect(fetch(`http://${external}:${port}/health`)).rejects.toThrow();
    // A database that fails is reported without its error text (paths, SQL).
    if (harness.bot.database.dialect === 'sqlite') {
      harness.bot.database.sqlite.close();
      const failing = await fetch(`http://127.0.0.1:${port}/health`);
      expect(failing.status).toBe(503);
      const body = (await failing.json()) as { database: { ok: boolean; error?: string } };
      expect(body.database).toEqual({ dialect: 'sqlite', ok: false, error: 'the database did not answer' });
    }
    await harness.close();
    h = undefined;
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('on shutdown, answers the interactions in flight, refuses new ones politely, then closes the database', async () => {
    let release: () => void = () => {};
    const slow: CommandModule = {
      data: new SlashCommandBuilder().setName('slow').setDescription('Takes a while').toJSON(),
      async execute(interaction) {
        await interaction.deferReply();
        await new Promise<void>((resolve) => (release = resolve));
        await interaction.editReply('finished');
      },
    };
    const harness = await start({ commands: [...commands, slow] });
    const alice = harness.fake.member('alice');
    const inFlight = await harness.fake.slash({ user: alice.id, name: 'slow' });
    await inFlight.response();
    const stopping = harness.bot.stop('SIGTERM');
    const late = await harness.fake.slash({ user: alice.id, name: 'help' });
    await late.response();
    expect(late.message().content).toBe(SHUTTING_DOWN_MESSAGE);
    release();
    await stopping;
    expect((await inFlight.waitForOriginal((m) => m.content === 'finished')).content).toBe('finished');
    const { database } = harness.bot;
    expect(database.dialect === 'sqlite' ? database.sqlite.open : 'not SQLite').toBe(false);
  });
});
