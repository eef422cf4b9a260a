import { sql } from 'kysely';
import { ApplicationCommandOptionType, Routes, type APIApplicationCommandOption } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../commands/index.js';
import { ManualClock } from '../../src/clock.js';
import { mulberry32, type Random } from '../../src/domain/interviews/random.js';
import type { FakeMember, FakeMessage, InteractionHandle, OptionInput } from '../../fake-discord/index.js';
import { customIds, startHarness, visibleText, type Harness, type LogLine } from '../support/harness.js';

/**
 * Thousands of seeded hostile inputs through every command, option, button, select and form, while a
 * virtual week goes by so the prompts, reminders, summaries, interview rounds and follow-ups built from
 * hostile stored answers are all sent. Whatever comes in: every interaction is answered, a refusal is
 * private and changes nothing, no log line says something went wrong, the database stays sound, no message
 * notifies anyone it should not (real member and role ids, and a bot that may mention @everyone), and no
 * member text becomes a masked link.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const INPUTS = Number(process.env.FUZZ_INPUTS ?? 5000);
/** The virtual week: the clock moves 12 hours this many times, spread over the run. */
const CLOCK_STEPS = 17;
const HOUR = 3_600_000;
/** Sunday 15 November 2026, noon UTC: check-ins open Monday 09:00, interviews pair Wednesday 18:00. */
const START = Date.parse('2026-11-15T12:00:00Z');

let h: Harness;
let clock: ManualClock;
let members: FakeMember[];
let channelIds: string[];
let otherGuildId: string;
let nasty: string[];
let quinnId: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
/** interaction id -> its `interaction` log line (written when the handler has finished). */
const finished = new Map<string, LogLine>();
const waiting = new Map<string, (line: LogLine) => void>();

/** Pieces of hostile text; `text()` mixes them. Mentions use ids that exist, so a leak would really ping. */
function hostilePieces(): string[] {
  const guild = h.fake.guild;
  const role = (name: string) => guild.roles.find((r) => r.name === name)!.id;
  const someone = members[1]!.id;
  const EVIL = 'https://evil.example/gift';
  return [
    // Plain and near-valid values
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
    '4 3 5 4',
    '5 5 5 5 5',
    '99999999999999999999',
    '1e309',
    'NaN',
    'null',
    '__proto__',
    'constructor',
    // Mentions of members, roles and everyone that exist
    '@everyone',
    '@here',
    `<@${someone}>`,
    `<@!${someone}>`,
    `<@${guild.ownerId}> please`,
    `<@&${role('Mentor')}>`,
    `<@&${role('Moderator')}>`,
    `<@&${guild.id}>`,
    `<#${channelIds[0]}>`,
    '@\u200beveryone',
    '＠everyone',
    // Markdown and links that try to hide where they go
    `[Claim free Nitro](${EVIL})`,
    `https://github.com/a [Claim free Nitro](${EVIL})`,
    `[https://github.com/alice](${EVIL})`,
    `[x](<${EVIL}>)`,
    `**[bold](${EVIL})**`,
    `\\[escaped\\](${EVIL})`,
    `[a](https://x.org) [b](${EVIL})`,
    `<${EVIL}>`,
    '# heading\n-# small\n> quote\n- list\n1. one',
    '**bold** __under__ ~~strike~~ `code` ||spoiler||',
    '```js\nprocess.exit()\n```',
    // URL tricks
    'https://github.com@evil.example/x',
    'https://gіthub.com/alice',
    'https://evil.example%2F@github.com',
    'https://github.com/a)[x](https://evil.example',
    'https://github.com/a?next=[x](https://evil.example)',
    'HTTPS://GITHUB.COM/ALICE',
    'https://xn--gthub-n4a.com/alice',
    'https://localhost/',
    'http://127.0.0.1:8080/',
    'http://[::1]/',
    'https://-bad-.com',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https://github.com/someone/project',
    'https://github.com/alice\u200b',
    // Homoglyphs, invisible and right-to-left characters
    'аdmin',
    'Ꭼveryone',
    '\u200b\u200c\u200d\ufeff\u2060',
    'git\u200b',
    '\u202eevil\u202c',
    '\u202b\u2067مرحبا بالعالم\u2069',
    'abc\u202edcba',
    // SQL, format strings and encodings
    "'; DROP TABLE step_progress; --",
    '" OR 1=1 --',
    '%s%s%s%n',
    '${process.exit()}',
    '👩🏽‍💻🚀🔥',
    'e\u0301\u0301\u0301\u0301\u0301',
    'Z̷̢̛̖̙̗͚̞̙͇̱̠͉͚̹̣̫̰͓̗̬̲̫̅̃̋̍̂͑̎̽̎̈́̽̌͘͝ä̸̡̢̳̫̩̜̱̮̟̦͍̰̠̜̮̳́̐̓͛̈́͜ͅl̷g̴o̵',
    '\u0000\u0001\u0007',
    '\uD800',
  ];
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  clock = new ManualClock(START);
  h = await startHarness({
    clock,
    fake: {
      guilds: [
        {
          name: 'Stepwise Test Server',
          members: ['alice', 'bob', 'carol', 'dave', 'erin', 'quinn'],
          roles: [{ name: 'Announcer', permissions: ['MentionEveryone'] }],
        },
        { name: 'Another Server', members: ['mallory'] },
      ],
    },
  });
  h.logs.on('line', (line: LogLine) => {
    if (line.msg !== 'interaction' || typeof line['interactionId'] !== 'string') return;
    finished.set(line['interactionId'], line);
    waiting.get(line['interactionId'])?.(line);
  });
  // The bot may mention @everyone here: only allowed_mentions stands between hostile text and a ping.
  const guild = h.fake.guild;
  guild.botMember.roles.push(guild.roles.find((r) => r.name === 'Announcer')!.id);
  // Quinn joins everything and then never acts, so a reminder and a quiet member are always there.
  const quinn = h.fake.member('quinn');
  quinnId = quinn.id;
  members = [...guild.members.filter((m) => m !== quinn), guild.owner];
  channelIds = guild.channels.filter((c) => c.type === 0).map((c) => c.id);
  otherGuildId = h.fake.guilds[1]!.id;
  nasty = hostilePieces();

  // Real state to act on: check-ins and interviews set up, most members in both.
  await canonicalSetup();
  for (const member of [...guild.members.slice(0, 4), quinn]) {
    await run(member.id, 'checkin', 'join', {});
    await run(member.id, 'interview', 'join', {});
  }
}, 60_000);

async function run(user: string, name: string, subcommand: string, options: Record<string, OptionInput>) {
  const handle = await h.fake.slash({ user, name, subcommand, options });
  await handle.response();
  await whenFinished(handle.id);
}

/** The admin's schedule: check-ins on Mondays 09:00, interviews on Wednesdays 18:00. */
async function canonicalSetup(): Promise<void> {
  const guild = h.fake.guild;
  await run(guild.ownerId, 'checkin-admin', 'setup', {
    channel: { channel: guild.channels.find((c) => c.name === 'accountability')!.id },
    day: 'monday',
    time: '09:00',
    timezone: 'UTC',
  });
  await run(guild.ownerId, 'interview-admin', 'setup', {
    channel: { channel: guild.channels.find((c) => c.name === 'interviews')!.id },
    day: 'wednesday',
    time: '18:00',
    timezone: 'UTC',
    cadence: 'weekly',
  });
}

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await h?.close();
});

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function text(random: Random, maxLength?: number): string {
  const roll = random();
  // Up to the field's limit exactly: the longest a member can type.
  if (maxLength !== undefined && roll < 0.1) {
    const piece = pick(random, nasty) || 'x';
    return piece.repeat(Math.ceil(maxLength / piece.length)).slice(0, maxLength);
  }
  if (roll < 0.7) return pick(random, nasty);
  return Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(random, nasty)).join(' ');
}

/** Values a member would really type, so every command also gets through its checks now and then. */
const PLAUSIBLE: Record<string, readonly string[]> = {
  timezone: ['UTC', 'Europe/Paris', 'America/New_York'],
  time: ['09:00', '18:30'],
  step: ['git', 'sql', 'http-basics'],
  competency: ['teamwork', 'conflict'],
  focus: ['teamwork'],
  // Form fields
  ratings: ['4 3 5 4', '5 5 5 5', '1,2,3,4'],
  url: ['https://github.com/alice/todo-api', ''],
  strength: ['Clear situation'],
  improve: ['Quantify the result'],
};

function optionValue(
  random: Random,
  option: APIApplicationCommandOption,
  channels: readonly string[],
): OptionInput | undefined {
  const plausible = PLAUSIBLE[option.name];
  if (plausible && option.type === ApplicationCommandOptionType.String && random() < 0.6)
    return pick(random, plausible);
  switch (option.type) {
    case ApplicationCommandOptionType.String: {
      if ('choices' in option && option.choices?.length && random() < 0.7)
        return pick(random, option.choices).value;
      const max = 'max_length' in option ? option.max_length : undefined;
      return text(random, max);
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return pick(random, [0, 1, 2, 8, 9, -1, 24, 144, 145, 1000, 2 ** 31, -(2 ** 53)]);
    case ApplicationCommandOptionType.Boolean:
      return random() < 0.5;
    case ApplicationCommandOptionType.User:
      return { user: pick(random, members).id };
    case ApplicationCommandOptionType.Channel:
      return { channel: pick(random, channels) };
    default:
      return undefined;
  }
}

function optionsFor(
  random: Random,
  options: readonly APIApplicationCommandOption[],
  channels: readonly string[] = channelIds,
): Record<string, OptionInput> {
  const values: Record<string, OptionInput> = {};
  for (const option of options) {
    const required = 'required' in option && option.required;
    if (!required && random() < 0.5) continue;
    const value = optionValue(random, option, channels);
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
    `roadmap:v1:proof-submit:${user}:git`,
    `roadmap:v2:overview:${user}`,
    `roadmap:v1:overview:12345`,
    `checkin:v1:answer:${otherGuildId}:2026-11-16`,
    `checkin:v1:answer:${h.fake.guild.id}:1999-01-01`,
    `checkin:v1:submit:${h.fake.guild.id}:2026-11-16`,
    `privacy:v1:delete:${user}`,
    `interview:v1:feedback:${user}`,
    `interview:v1:feedback-submit:1`,
    `nothing-we-know`,
    `${'a'.repeat(99)}`,
  ].map((id) => id.slice(0, 100));
}

/** Text input fields of a modal, with their limits. */
function modalFields(modal: unknown): Array<{ id: string; max?: number }> {
  const fields: Array<{ id: string; max?: number }> = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const c = node as {
      type?: number;
      custom_id?: string;
      max_length?: number;
      components?: unknown[];
      component?: unknown;
    };
    if (c.type === 4 && c.custom_id) fields.push({ id: c.custom_id, max: c.max_length });
    for (const child of c.components ?? []) walk(child);
    if (c.component) walk(c.component);
  };
  walk(modal);
  return fields;
}

/** A `[label](url)` Discord renders as a link: brackets not escaped. Returns the urls. */
function maskedLinks(content: string): string[] {
  return [...content.matchAll(/(?<!\\)\[[^\]\n]*(?<!\\)\]\(\s*<?([^)\s>]*)/g)].map((m) => m[1] ?? '');
}

async function totalChanges(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select total_changes() as n`.execute(h.bot.database.db);
  return rows[0]!.n;
}

/** Resolves with the interaction's log line once its handler has finished, bounded. */
function whenFinished(id: string, timeoutMs = 8000): Promise<LogLine | undefined> {
  const done = finished.get(id);
  if (done) return Promise.resolve(done);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(undefined);
    }, timeoutMs);
    waiting.set(id, (line) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(line);
    });
  });
}

describe('fuzzing every entry point through a week', () => {
  it('answers everything, refuses privately changing nothing, logs no error, pings nobody, masks no link', async () => {
    const random = mulberry32(SEED);
    let tried = 0;
    let refusedByDiscord = 0;
    let refusalsChecked = 0;
    let refusalsOverlappingScheduler = 0;
    const unanswered: string[] = [];
    const refusalProblems: string[] = [];
    const clickable: Array<{ message: FakeMessage; viewer: string | null }> = [];
    const scheduled: Array<{ message: FakeMessage; viewer: string | null }> = [];
    const seenMessages = new Set<string>();
    const modals: Array<{ handle: InteractionHandle; user: string; kind: string }> = [];
    const perEntry = new Map<string, { inputs: number; ok: number }>();
    const kinds = new Map<string, number>();

    /** Bot messages with components posted since the last look (DM prompts, thread intros, old cards). */
    const collectClickable = () => {
      for (const message of h.fake.allMessages()) {
        if (seenMessages.has(message.id) || message.ephemeral || !message.components.length) continue;
        seenMessages.add(message.id);
        const channel = h.fake.channel(message.channel_id);
        const viewers =
          channel.type === 1
            ? [channel.recipientId ?? null]
            : channel.type === 12
              ? h.fake.threadMembers(channel.id).filter((id) => id !== h.fake.botUser.id)
              : [null];
        for (const viewer of viewers) {
          if (viewer === quinnId) continue;
          clickable.push({ message, viewer });
          if (channel.type === 1 || channel.type === 12) scheduled.push({ message, viewer });
        }
      }
    };

    const settle = async (
      handle: InteractionHandle,
      user: string,
      kind: string,
      entry: string,
      before: number,
    ) => {
      tried++;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const stats = perEntry.get(entry) ?? { inputs: 0, ok: 0 };
      perEntry.set(entry, stats);
      stats.inputs++;
      const logsBefore = h.logs.lines.length;
      let callback;
      try {
        callback = await handle.response(6000);
      } catch (error) {
        unanswered.push(`${entry}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (callback.type === 9) {
        const modalId = String((handle.modal() as { custom_id?: string }).custom_id ?? '');
        modals.push({ handle, user, kind: modalId.split(':').slice(0, 3).join(':') });
      }
      const line = await whenFinished(handle.id);
      if (!line) {
        unanswered.push(`${entry}: the handler never finished`);
        return;
      }
      if (line['outcome'] === 'ok') stats.ok++;
      if (line['outcome'] !== 'rejected' && line['outcome'] !== 'unknown') return;
      // A refusal: private, and nothing written.
      if (kind !== 'autocomplete' && (Number(callback.data?.['flags'] ?? 0) & 64) === 0)
        refusalProblems.push(`${entry}: refusal not ephemeral (callback type ${callback.type})`);
      if ((await totalChanges()) !== before) {
        // A scheduled run (or the instance lease's renewal) that overlapped could have written; only count
        // refusals we can attribute.
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (
          h.logs.lines
            .slice(logsBefore)
            .some((l) => l.msg === 'scheduled run' || l.msg === 'instance lease renewed')
        )
          refusalsOverlappingScheduler++;
        else
          refusalProblems.push(
            `${entry}: a refusal changed the database (${String(callback.data?.['content'])})`,
          );
        return;
      }
      refusalsChecked++;
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
    }
    collectClickable();

    const stepEvery = Math.floor(INPUTS / CLOCK_STEPS);
    let nextStep = stepEvery;
    const scheduledRuns = () => h.logs.find('scheduled run').length;
    const autocompletes = commandDefinitions.filter((c) => JSON.stringify(c).includes('"autocomplete":true'));

    for (let attempt = 0; tried < INPUTS && attempt < INPUTS * 3; attempt++) {
      if (tried >= nextStep) {
        // Half a day goes by: the scheduler sends what fell due, built from what members typed so far.
        nextStep += stepEvery;
        clock.advance(12 * HOUR);
        await h.bot.scheduler.tick();
        await h.bot.scheduler.tick();
        collectClickable();
      }
      const roll = random();
      const user = pick(random, members);
      const permissions = random() < 0.2 ? ['ManageGuild'] : undefined;
      const before = await totalChanges();
      try {
        if (roll < 0.35) {
          const command = pick(random, commandDefinitions);
          const subs = (command.options ?? []).filter(
            (o) => o.type === ApplicationCommandOptionType.Subcommand,
          );
          const sub = subs.length ? pick(random, subs) : undefined;
          // Schedules are fuzzed in the other server, so this one's week runs as the test expects.
          const schedule = sub?.name === 'setup' && command.name.endsWith('-admin');
          const inOtherGuild = schedule || random() < 0.05;
          const other = h.fake.guilds[1]!;
          const handle = await h.fake.slash({
            user: inOtherGuild ? pick(random, [other.ownerId, other.members[0]!.id]) : user.id,
            ...(inOtherGuild ? { guildId: otherGuildId } : {}),
            name: command.name,
            ...(sub ? { subcommand: sub.name } : {}),
            options: optionsFor(
              random,
              sub && 'options' in sub ? (sub.options ?? []) : (command.options ?? []),
              inOtherGuild ? other.channels.filter((c) => c.type === 0).map((c) => c.id) : channelIds,
            ),
            ...(permissions ? { permissions } : {}),
          });
          await settle(handle, user.id, 'command', `/${command.name}${sub ? ` ${sub.name}` : ''}`, before);
        } else if (roll < 0.47) {
          const command = pick(random, autocompletes);
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
            ...(permissions ? { permissions } : {}),
          });
          await settle(handle, user.id, 'autocomplete', `autocomplete /${command.name}`, before);
        } else if (roll < 0.8 && clickable.length) {
          // Recent messages, what the scheduler sent (prompts, thread intros), and sometimes any old one.
          const source = random();
          const { message, viewer } =
            source < 0.4 || !scheduled.length
              ? pick(random, clickable.slice(-60))
              : source < 0.8
                ? pick(random, scheduled)
                : pick(random, clickable);
          const current = h.fake.message(message.id) ?? message;
          if (current.deleted) continue;
          const ids = customIds(current);
          if (!ids.length) continue;
          const clicker = viewer ?? user.id;
          const customId = pick(random, ids);
          const entry = customId.split(':').slice(0, 3).join(':');
          const json = JSON.stringify(current.components);
          const escaped = customId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          if (
            new RegExp(`"type":3,"custom_id":"${escaped}"|"custom_id":"${escaped}","placeholder"`).test(json)
          ) {
            const options = json.match(/"value":"([^"]+)"/g)?.map((v) => v.slice(9, -1)) ?? [];
            if (!options.length) continue;
            const handle = await h.fake.selectMenu({
              user: clicker,
              message: current,
              customId,
              values: [pick(random, options)],
            });
            await settle(handle, clicker, 'select', entry, before);
          } else {
            const handle = await h.fake.clickButton({
              user: clicker,
              message: current,
              customId,
              ...(permissions ? { permissions } : {}),
            });
            await settle(handle, clicker, 'click', entry, before);
          }
        } else if (roll < 0.95 && modals.length) {
          // Each kind of form as often as the others, whichever the bot showed most.
          const kinds = [...new Set(modals.map((m) => m.kind))];
          const kind = pick(random, kinds);
          const { handle, user: owner } = pick(random, modals.filter((m) => m.kind === kind).slice(-20));
          const modal = handle.modal() as { custom_id?: string };
          const values = Object.fromEntries(
            modalFields(modal).map((field) => {
              const plausible = PLAUSIBLE[field.id];
              const roll = random();
              if (plausible && roll < 0.3) return [field.id, pick(random, plausible)];
              return [field.id, roll < 0.5 ? String(Math.floor(random() * 7) - 1) : text(random, field.max)];
            }),
          );
          const entry = `form ${(modal.custom_id ?? '').split(':').slice(0, 3).join(':')}`;
          await settle(
            await h.fake.submitModal({ from: handle, user: owner, values }),
            owner,
            'modal',
            entry,
            before,
          );
        } else {
          const customId = pick(random, forgedIds(random));
          const handle = await h.fake.submitModal({
            user: user.id,
            customId,
            values: { url: text(random), done: text(random), nextGoal: text(random), ratings: text(random) },
          });
          await settle(handle, user.id, 'forged', 'forged form', before);
        }
      } catch (error) {
        // The fake refuses what Discord's client would never send (a missing required option, a disabled
        // button, a value over max_length): that input never reaches a real bot either.
        if (error instanceof Error && error.message.startsWith('fake-discord:')) refusedByDiscord++;
        else throw error;
      }
      collectClickable();
    }
    // The rest of the week, so the last summary and follow-ups go out too.
    while (clock.now().getTime() < START + 9 * 24 * HOUR) {
      clock.advance(12 * HOUR);
      await h.bot.scheduler.tick();
    }

    console.log(
      `fuzz: ${tried} inputs reached the bot (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}); ` +
        `${refusedByDiscord} more refused by Discord's own checks; ${refusalsChecked} refusals checked ` +
        `(${refusalsOverlappingScheduler} overlapped a scheduled run); ${scheduledRuns()} scheduled runs; ` +
        `${h.fake.allMessages().length} messages; seed ${SEED}`,
    );

    // Breadth: every kind of input, every command and subcommand, every form the bot showed.
    expect(tried).toBeGreaterThanOrEqual(INPUTS);
    for (const kind of ['command', 'autocomplete', 'click', 'select', 'modal', 'forged'])
      expect(kinds.get(kind), kind).toBeGreaterThan(50);
    const thin: string[] = [];
    for (const command of commandDefinitions) {
      const subs = (command.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
      const entries = subs.length ? subs.map((s) => `/${command.name} ${s.name}`) : [`/${command.name}`];
      for (const entry of entries) {
        const stats = perEntry.get(entry) ?? { inputs: 0, ok: 0 };
        if (stats.inputs < 10 || stats.ok === 0)
          thin.push(`${entry}: ${stats.inputs} inputs, ${stats.ok} ok`);
      }
    }
    expect(thin).toEqual([]);
    const forms = [...perEntry].filter(([entry]) => entry.startsWith('form '));
    expect(forms.map(([entry]) => entry).sort()).toEqual(
      expect.arrayContaining([
        'form checkin:v1:submit',
        'form interview:v1:submit',
        'form roadmap:v1:proof-submit',
      ]),
    );
    for (const [entry, stats] of forms) {
      expect(stats.inputs, entry).toBeGreaterThanOrEqual(10);
      expect(stats.ok, `${entry} never succeeded`).toBeGreaterThan(0);
    }
    // The week happened: prompts, reminders, summary, an interview round and its follow-up.
    const posted = h.fake.allMessages().map((m) => visibleText(m));
    for (const expected of ['Weekly check-in', 'Check-in reminder', 'Weekly check-in — week of 16 Nov 2026'])
      expect(
        posted.some((t) => t.includes(expected)),
        expected,
      ).toBe(true);
    expect(h.fake.threads.length).toBeGreaterThan(0);

    // Nothing went wrong.
    expect(unanswered).toEqual([]);
    expect(refusalProblems).toEqual([]);
    expect(refusalsChecked).toBeGreaterThan(500);
    expect(unhandled).toEqual([]);
    const troubles = h.logs.lines
      .filter(
        (l) =>
          l.level >= 40 ||
          (l.msg === 'scheduled run' && l['outcome'] !== 'ok') ||
          (l.msg === 'interaction' && l['outcome'] === 'error'),
      )
      .map((l) => `${l.msg} ${JSON.stringify(l).slice(0, 300)}`);
    expect(troubles).toEqual([]);
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
      h.bot.database.db,
    );
    expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);
    expect(h.bot.client.isReady()).toBe(true);

    // Nobody notified but the member a message is for, and no member text turned into a masked link.
    expect(h.fake.mentionViolations).toEqual([]);
    const pings: string[] = [];
    const masked: string[] = [];
    for (const message of h.fake.allMessages()) {
      if (message.pings.everyone || message.pings.roles.length) pings.push(`${message.id}: everyone/roles`);
      const channel = h.fake.channel(message.channel_id);
      for (const pinged of message.pings.users) {
        const named = message.allowed_mentions?.users?.includes(pinged) === true;
        // Interview messages notify the group in its private thread; a check-in prompt posted in the channel
        // (closed DMs) begins with the one member it is for.
        const forThem =
          (channel.type === 12 && h.fake.threadMembers(channel.id).includes(pinged)) ||
          message.content.startsWith(`<@${pinged}>`);
        if (!named || !forThem) pings.push(`${message.id} pinged ${pinged}: ${message.content.slice(0, 80)}`);
      }
      for (const url of maskedLinks(visibleText(message)))
        if (/evil|xn--|localhost|127\.0\.0\.1|\[::1\]/i.test(url)) masked.push(`${message.id}: ${url}`);
    }
    expect(pings).toEqual([]);
    expect(masked).toEqual([]);
  }, 280_000);
});
