import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Bot } from '../../src/bot.js';
import { ManualClock, type Clock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import type { CommandModule } from '../../src/discord/command.js';
import { launchBot } from '../../launch/bot.js';
import {
  INVITE_PERMISSIONS,
  type FakeDiscord,
  type FakeDiscordOptions,
  type FakeMember,
  type OptionInput,
} from '../../fake-discord/index.js';
import { postgresUrlFor, TEST_DIALECT } from './databases.js';
import { PermissionsBitField } from 'discord.js';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** Collects the bot's JSON log lines so tests can assert on them. */
export class LogCollector extends Writable {
  readonly lines: LogLine[] = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      const parsed = JSON.parse(line) as LogLine;
      this.lines.push(parsed);
      this.emit('line', parsed);
    }
    callback();
  }
  find(msg: string): LogLine[] {
    return this.lines.filter((line) => line.msg === msg);
  }
}

export interface HarnessOptions {
  fake?: FakeDiscordOptions;
  /** Reuse a fake across restarts of the bot. */
  existingFake?: FakeDiscord;
  /** Reuse a database folder across restarts. */
  dataDir?: string;
  commands?: readonly CommandModule[];
  clock?: Clock;
  env?: Record<string, string>;
}

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  logs: LogCollector;
  config: Config;
  clock: Clock;
  dataDir: string;
  /** Stops the bot; closes the fake and removes the data unless they were passed in. */
  close(): Promise<void>;
}

/** Starts the real bot, through the same start-up function production uses, against a fresh fake Discord. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-e2e-'));
  const logs = new LogCollector();
  const launched = await launchBot({
    fake: options.existingFake,
    fakeOptions: options.fake,
    databasePath: path.join(dataDir, 'stepwise.sqlite'),
    logLevel: 'debug',
    logStream: logs,
    clock: options.clock ?? new ManualClock(Date.parse('2026-11-16T12:00:00Z')),
    fakeUsesClock: true,
    env: {
      // The `postgres` test project runs some e2e files on PostgreSQL: a schema per data folder.
      ...(TEST_DIALECT === 'postgres' ? { DATABASE_URL: await postgresUrlFor(dataDir) } : {}),
      ...options.env,
    },
    commands: options.commands,
  });
  const { fake, bot, config, clock } = launched;
  return {
    fake,
    bot,
    logs,
    config,
    clock,
    dataDir,
    async close() {
      await launched.close('test finished');
      const problems = strictnessProblems(fake);
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      if (problems.length)
        throw new Error(`the bot did what real Discord would not allow:\n${problems.join('\n')}`);
    },
  };
}

/** The text a member sees: content, embed titles, descriptions, field names and values. */
export function visibleText(message: {
  content?: string;
  embeds?: Array<{
    title?: string;
    description?: string;
    fields?: Array<{ name: string; value: string }>;
    footer?: { text: string };
    author?: { name: string };
  }>;
}): string {
  const parts: string[] = [message.content ?? ''];
  for (const embed of message.embeds ?? []) {
    parts.push(embed.author?.name ?? '', embed.title ?? '', embed.description ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
    parts.push(embed.footer?.text ?? '');
  }
  return parts.filter(Boolean).join('\n');
}

/** Every custom id on a message's components, in order. */
export function customIds(message: { components?: unknown[] }): string[] {
  const ids: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const record = node as { custom_id?: unknown; components?: unknown[]; component?: unknown };
    if (typeof record.custom_id === 'string') ids.push(record.custom_id);
    for (const child of record.components ?? []) walk(child);
    if (record.component) walk(record.component);
  };
  for (const component of message.components ?? []) walk(component);
  return ids;
}

/**
 * What every end-to-end run must never do, checked when its harness closes: use a permission the README's
 * invite link does not grant (a real server would answer 50013), or send text that could ping someone the
 * message did not name in allowed_mentions.
 */
export function strictnessProblems(fake: FakeDiscord): string[] {
  const beyondInvite = fake.botPermissionsUsed & ~INVITE_PERMISSIONS;
  return [
    ...(beyondInvite
      ? [
          `needed permissions the invite link lacks: ${new PermissionsBitField(beyondInvite).toArray().join(', ')}`,
        ]
      : []),
    ...fake.mentionViolations.map((v) => `message ${v.messageId}: ${v.reason}: ${JSON.stringify(v.content)}`),
  ];
}

/**
 * A member runs a slash command; resolves to the reply they see: the message itself, or the edited original
 * when the bot deferred (callback type 5) and answered later.
 */
export async function slashReply(
  fake: FakeDiscord,
  user: FakeMember,
  name: string,
  subcommand: string,
  options: Record<string, OptionInput> = {},
) {
  const interaction = await fake.slash({ user: user.id, name, subcommand, options });
  await interaction.response();
  return interaction.callback()?.type === 5
    ? interaction.waitForOriginal((m) => m.content !== '' || m.embeds.length > 0)
    : interaction.message();
}
