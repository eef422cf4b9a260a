import { sql } from 'kysely';
import { ApplicationCommandOptionType, Routes, type APIApplicationCommandOption } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../commands/index.js';
import { mulberry32, type Random } from '../../src/domain/interviews/random.js';
import type { FakeMember, FakeMessage, InteractionHandle, OptionInput } from '../fake-discord/index.js';
import { customIds, startHarness, type Harness } from '../support/harness.js';

/**
 * Thousands of generated inputs through every command, option, button, select and modal: hostile text,
 * mentions, SQL-looking strings, out-of-range numbers, stale and forged custom ids, other servers' ids.
 * Whatever comes in, the bot must answer, stay up, keep its database sound and ping nobody.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 3000);

const NASTY = [
  '',
  ' ',
  '\n\n',
  'git',
  'gti',
  'sql',
  'Europe/Paris',
  'UTC',
  '09:00',
  '24:00',
  '-1',
  '0',
  '3',
  '99999999999999999999',
  '1e309',
  'NaN',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '@everyone',
  '@here',
  '<@&123456789012345678>',
  '<@!123456789012345678>',
  '<#123456789012345678>',
  "'; DROP TABLE step_progress; --",
  '" OR 1=1 --',
  '%s%s%s%n',
  '${process.exit()}',
  '**bold** __under__ ~~strike~~ `code` ||spoiler|| > quote\n# heading',
  '[link](https://evil.example/)',
  'javascript:alert(1)',
  'https://github.com/someone/project',
  '\u202Eevil\u202C',
  'مرحبا بالعالم',
  '👩🏽‍💻🚀🔥',
  'e\u0301\u0301\u0301\u0301\u0301',
  'Z̷̢̛̖̙̗͚̞̙͇̱̠͉͚̹̣̫̰͓̗̬̲̫̅̃̋̍̂͑̎̽̎̈́̽̌͘͝ä̸̡̢̳̫̩̜̱̮̟̦͍̰̠̜̮̳́̐̓͛̈́͜ͅl̷g̴o̵',
  '\u0000\u0001\u0007',
  '\uD800',
  'a'.repeat(100),
  'a'.repeat(101),
  'x'.repeat(1000),
  'y'.repeat(1001),
  'z'.repeat(4000),
];

let h: Harness;
let members: FakeMember[];
let channelIds: string[];
let otherGuildId: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  h = await startHarness({
    fake: {
      guilds: [
        { name: 'Stepwise Test Server', members: ['alice', 'bob', 'carol', 'dave'] },
        { name: 'Another Server', members: ['mallory'] },
      ],
    },
  });
  members = [...h.fake.guild.members, h.fake.guild.owner];
  channelIds = h.fake.guild.channels.filter((c) => c.type === 0).map((c) => c.id);
  otherGuildId = h.fake.guilds[1]!.id;
  // Give the commands real state to act on: check-ins configured, two members in, a round open.
  const owner = h.fake.guild.owner;
  const setup = await h.fake.slash({
    user: owner.id,
    name: 'checkin-admin',
    subcommand: 'setup',
    options: { channel: { channel: channelIds[0]! }, day: 'monday', time: '09:00', timezone: 'UTC' },
  });
  await setup.response();
  for (const member of members.slice(0, 2))
    await (await h.fake.slash({ user: member.id, name: 'checkin', subcommand: 'join' })).response();
}, 60_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await h?.close();
});

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function text(random: Random): string {
  if (random() < 0.75) return pick(random, NASTY);
  // A random mix of the hostile pieces.
  return Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(random, NASTY)).join(' ');
}

function optionValue(random: Random, option: APIApplicationCommandOption): OptionInput | undefined {
  switch (option.type) {
    case ApplicationCommandOptionType.String:
      if ('choices' in option && option.choices?.length && random() < 0.7)
        return pick(random, option.choices).value;
      return text(random);
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return pick(random, [0, 1, 2, 8, 9, -1, 24, 144, 145, 1000, 2 ** 31, -(2 ** 53)]);
    case ApplicationCommandOptionType.Boolean:
      return random() < 0.5;
    case ApplicationCommandOptionType.User:
      return { user: pick(random, members).id };
    case ApplicationCommandOptionType.Channel:
      return { channel: pick(random, channelIds) };
    default:
      return undefined;
  }
}

function optionsFor(
  random: Random,
  options: readonly APIApplicationCommandOption[],
): Record<string, OptionInput> {
  const values: Record<string, OptionInput> = {};
  for (const option of options) {
    const required = 'required' in option && option.required;
    if (!required && random() < 0.5) continue;
    const value = optionValue(random, option);
    if (value !== undefined) values[option.name] = value;
  }
  return values;
}

function forgedIds(random: Random): string[] {
  const user = pick(random, members).id;
  return [
    `roadmap:v1:set:${user}:git:done`,
    `roadmap:v1:set:${user}:../../etc:done`,
    `roadmap:v1:open:${user}:${text(random).slice(0, 40).replace(/:/g, '')}`,
    `roadmap:v2:overview:${user}`,
    `roadmap:v1:overview:12345`,
    `checkin:v1:answer:${otherGuildId}:2026-11-16`,
    `checkin:v1:answer:${h.fake.guild.id}:1999-01-01`,
    `checkin:v1:submit:${h.fake.guild.id}:2026-11-16`,
    `privacy:v1:delete:${user}`,
    `interview:v1:feedback:${user}`,
    `nothing-we-know`,
    `${'a'.repeat(99)}`,
  ].map((id) => id.slice(0, 100));
}

describe('fuzzing every entry point', () => {
  it('answers every interaction, never crashes, keeps the database sound and pings nobody', async () => {
    const random = mulberry32(SEED);
    let tried = 0;
    let refusedByDiscord = 0;
    const unanswered: string[] = [];
    const messages: Array<{ message: FakeMessage; viewer: string | null }> = [];
    const modals: Array<{ handle: InteractionHandle; user: string }> = [];

    const kinds = new Map<string, number>();
    const settle = async (handle: InteractionHandle, user: string, label: string) => {
      tried++;
      const kind = label.split(' ')[0]!.replace(/^\/.*/, 'command');
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      try {
        const callback = await handle.response(4000);
        if (callback.type === 9) modals.push({ handle, user });
        const message = handle.original();
        if (message && message.components.length)
          messages.push({ message, viewer: message.ephemeral ? user : null });
      } catch (error) {
        unanswered.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };

    // Messages from "older versions" with forged ids, in both servers.
    for (const channel of [channelIds[0]!, h.fake.guilds[1]!.channels.find((c) => c.type === 0)!.id]) {
      const ids = forgedIds(random);
      for (let i = 0; i < ids.length; i += 5) {
        await h.bot.client.rest.post(Routes.channelMessages(channel), {
          body: {
            content: 'old message',
            components: [
              {
                type: 1,
                components: ids
                  .slice(i, i + 5)
                  .map((custom_id, n) => ({ type: 2, style: 2, label: `old ${i + n}`, custom_id })),
              },
            ],
          },
        });
      }
      for (const message of h.fake.messagesIn(channel))
        if (message.components.length) messages.push({ message, viewer: null });
    }

    for (let round = 0; round < ROUNDS; round++) {
      const roll = random();
      const user = pick(random, members);
      const permissions = random() < 0.1 ? ['ManageGuild'] : undefined;
      try {
        if (roll < 0.4) {
          const command = pick(random, commandDefinitions);
          const subs = (command.options ?? []).filter(
            (o) => o.type === ApplicationCommandOptionType.Subcommand,
          );
          const sub = subs.length ? pick(random, subs) : undefined;
          const inOtherGuild = random() < 0.05;
          const handle = await h.fake.slash({
            user: inOtherGuild ? h.fake.guilds[1]!.members[0]!.id : user.id,
            ...(inOtherGuild ? { guildId: otherGuildId } : {}),
            name: command.name,
            ...(sub ? { subcommand: sub.name } : {}),
            options: optionsFor(
              random,
              sub && 'options' in sub ? (sub.options ?? []) : (command.options ?? []),
            ),
            ...(permissions ? { permissions } : {}),
          });
          await settle(handle, user.id, `/${command.name} ${sub?.name ?? ''}`);
        } else if (roll < 0.55) {
          const command = pick(
            random,
            commandDefinitions.filter((c) => JSON.stringify(c).includes('"autocomplete":true')),
          );
          const subs = (command.options ?? []).filter(
            (o) => o.type === ApplicationCommandOptionType.Subcommand,
          );
          const sub = subs.length ? pick(random, subs) : undefined;
          const opts = (sub && 'options' in sub ? sub.options : command.options) ?? [];
          const focused = opts.find((o) => 'autocomplete' in o && o.autocomplete);
          if (!focused) continue;
          const handle = await h.fake.autocomplete({
            user: user.id,
            name: command.name,
            ...(sub ? { subcommand: sub.name } : {}),
            options: { ...optionsFor(random, opts), [focused.name]: text(random).slice(0, 100) },
            focused: focused.name,
          });
          await settle(handle, user.id, `autocomplete /${command.name}`);
        } else if (roll < 0.85 && messages.length) {
          const { message, viewer } = pick(random, messages.slice(-60));
          const current = h.fake.message(message.id) ?? message;
          const ids = customIds(current);
          if (!ids.length) continue;
          const clicker = viewer ?? user.id;
          const customId = pick(random, ids);
          const select =
            JSON.stringify(current.components).includes(`"custom_id":"${customId}","placeholder"`) ||
            JSON.stringify(current.components).match(
              new RegExp(`"type":3,"custom_id":"${customId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`),
            );
          if (select) {
            const options =
              JSON.stringify(current.components)
                .match(/"value":"([^"]+)"/g)
                ?.map((v) => v.slice(9, -1)) ?? [];
            if (!options.length) continue;
            await settle(
              await h.fake.selectMenu({
                user: clicker,
                message: current,
                customId,
                values: [pick(random, options)],
              }),
              clicker,
              `select ${customId}`,
            );
          } else {
            await settle(
              await h.fake.clickButton({
                user: clicker,
                message: current,
                customId,
                ...(permissions ? { permissions } : {}),
              }),
              clicker,
              `click ${customId}`,
            );
          }
        } else if (roll < 0.95 && modals.length) {
          const { handle, user: owner } = pick(random, modals);
          const modal = handle.modal() as { components?: unknown[] };
          const fieldIds =
            JSON.stringify(modal.components ?? [])
              .match(/"custom_id":"([^"]+)"/g)
              ?.map((v) => v.slice(13, -1)) ?? [];
          const values = Object.fromEntries(
            fieldIds.map((id) => [id, random() < 0.3 ? String(Math.floor(random() * 7) - 1) : text(random)]),
          );
          await settle(
            await h.fake.submitModal({ from: handle, user: owner, values }),
            owner,
            `modal ${fieldIds.join(',')}`,
          );
        } else {
          const customId = pick(random, forgedIds(random));
          await settle(
            await h.fake.submitModal({
              user: user.id,
              customId,
              values: { url: text(random), done: text(random), nextGoal: text(random) },
            }),
            user.id,
            `forged modal ${customId}`,
          );
        }
      } catch (error) {
        // The fake refuses what Discord's client would never send (a missing required option, a disabled
        // button, a value over max_length): that input never reaches a real bot either.
        if (error instanceof Error && error.message.startsWith('fake-discord:')) refusedByDiscord++;
        else throw error;
      }
    }

    console.log(
      `fuzz: ${tried} inputs reached the bot (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}); ` +
        `${refusedByDiscord} more refused by Discord's own checks; seed ${SEED}`,
    );
    expect(tried).toBeGreaterThan(2000);
    for (const kind of ['command', 'autocomplete', 'click', 'select', 'modal', 'forged'])
      expect(kinds.get(kind)).toBeGreaterThan(20);
    expect(unanswered).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(h.logs.find('interaction failed').map((l) => JSON.stringify(l.err).slice(0, 300))).toEqual([]);
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
      h.bot.database.db,
    );
    expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);
    for (const message of h.fake.allMessages()) {
      expect(message.pings.everyone).toBe(false);
      expect(message.pings.roles).toEqual([]);
      // The one deliberate ping: a check-in prompt that mentions its own member.
      for (const pinged of message.pings.users) expect(message.content.startsWith(`<@${pinged}>`)).toBe(true);
    }
    expect(h.bot.client.isReady()).toBe(true);
  }, 240_000);
});
