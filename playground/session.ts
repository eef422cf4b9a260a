import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { ChannelType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Bot } from '../src/bot.js';
import { ManualClock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import { GENERIC_ERROR_MESSAGE } from '../src/discord/dispatcher.js';
import { formatDuration, MINUTE_MS } from '../src/domain/time/duration.js';
import { launchBot, type LaunchedBot } from '../launch/bot.js';
import {
  type FakeChannel,
  type FakeDiscord,
  type FakeMember,
  type FakeMessage,
  type InteractionHandle,
} from '../fake-discord/index.js';
import { ParseError, parseLine, splitOptions, type PlaygroundCommand } from './commands.js';
import { Feed, type FeedEvent } from './feed.js';
import { str } from './json.js';
import {
  describeField,
  formatClock,
  formatText,
  renderMessage,
  renderModal,
  type Control,
  type ModalField,
  type RenderContext,
} from './render.js';
import {
  completeSlash,
  leaves,
  needsManageServer,
  optionUsage,
  parseSlash,
  usage,
  visibleTo,
  type CommandDef,
} from './slash.js';

/** The sample server: an owner who can run admin commands, a few members, the channels Stepwise uses. */
export const SAMPLE_SERVER = {
  name: 'Stepwise Playground',
  owner: 'admin',
  members: ['alice', 'bob', 'carol', 'dave'],
  channels: ['general', 'accountability', 'interviews'],
} as const;

/** A line failed: the playground could not do what it says (not a bot reply the member did not like). */
export class PlaygroundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaygroundError';
  }
}

export interface PlaygroundOptions {
  /** SQLite file, or ':memory:'. */
  databasePath: string;
  /** Where the virtual clock starts. */
  start: Date;
  /** Zone Discord timestamps and the clock are shown in. Default UTC. */
  zone?: string;
  /** Bot log level (default silent) and where logs go (default stderr). */
  logLevel?: Config['LOG_LEVEL'];
  logStream?: Writable;
  /** Where the transcript goes, one line at a time. */
  print: (line: string) => void;
  /** `advance` moves the clock in steps of this size, running the scheduler at each (default 15 min). */
  stepMs?: number;
  /** Keep the fake's 3-second interaction deadline (default true). */
  enforceDeadline?: boolean;
  /** A person fills forms field by field (interactive mode), so the `submit` hint is left out. */
  formsAskedByField?: boolean;
  /** Images the bot sends (charts) are written here and their path printed; unset: not written. */
  imagesDir?: string;
}

interface PendingModal {
  handle: InteractionHandle;
  /** The message whose button opened the form (a submit may update it). */
  source: FakeMessage | undefined;
  fields: ModalField[];
  title: string;
}

interface Seen {
  messageId: string;
  seq: number;
}

/** How many messages with components are remembered per member for `click <label>`. */
const RECENT = 20;

const PUBLIC = '*';
const SETTLE_TIMEOUT_MS = 15_000;
/** No request to Discord for this long, and nothing in flight: the bot has finished. */
const QUIET_MS = 30;

/**
 * The real bot (startBot, as production runs it) against the local fake Discord, driven by lines a person
 * types: slash commands, clicks, selects, modals, and a virtual clock.
 */
export class Playground {
  readonly feed: Feed;
  readonly zone: string;
  readonly render: RenderContext;
  member: FakeMember;
  channel: FakeChannel;
  pendingModal: PendingModal | undefined;
  /** Lines printed since the last command (what `expect` looks at). */
  lastOutput: string[] = [];
  /**
   * What went wrong on the bot's side: its generic "something went wrong" reply, no answer in time, an
   * answer Discord refused. The member sees it in the transcript; a script fails on it.
   */
  readonly botProblems: string[] = [];
  #seq = 0;
  /** Messages with components each member saw, oldest first ('*' = everyone: channel posts). */
  readonly #recent = new Map<string, Seen[]>();
  readonly #stepMs: number;

  readonly fake: FakeDiscord;
  readonly bot: Bot;

  private constructor(
    private readonly launched: LaunchedBot,
    readonly clock: ManualClock,
    private readonly options: PlaygroundOptions,
  ) {
    const fake = launched.fake;
    this.fake = fake;
    this.bot = launched.bot;
    this.zone = options.zone ?? 'UTC';
    this.#stepMs = options.stepMs ?? 15 * MINUTE_MS;
    this.member = fake.guild.owner;
    this.channel = fake.guild.channel('general') ?? fake.guild.defaultChannel;
    this.feed = new Feed(fake);
    this.render = {
      zone: this.zone,
      now: () => clock.now(),
      names: {
        user: (id) => {
          try {
            return fake.user(id).username;
          } catch {
            return undefined;
          }
        },
        channel: (id) => {
          try {
            return fake.channel(id).name ?? undefined;
          } catch {
            return undefined;
          }
        },
        role: (id) => fake.guild.role(id)?.name,
      },
    };
  }

  static async start(options: PlaygroundOptions): Promise<Playground> {
    const clock = new ManualClock(options.start);
    const launched = await launchBot({
      fakeOptions: {
        guilds: [
          {
            name: SAMPLE_SERVER.name,
            owner: SAMPLE_SERVER.owner,
            members: [...SAMPLE_SERVER.members],
            memberCount: SAMPLE_SERVER.members.length,
            channels: [...SAMPLE_SERVER.channels],
          },
        ],
        enforceDeadline: options.enforceDeadline ?? true,
        defaultTimeoutMs: SETTLE_TIMEOUT_MS,
      },
      databasePath: options.databasePath,
      logLevel: options.logLevel ?? 'silent',
      logStream: options.logStream ?? process.stderr,
      clock,
      startTimers: false,
    });
    try {
      // A session killed without closing leaves its lease behind on the kept database: wait it out.
      await launched.bot.lease.waitUntilActive(launched.config.INSTANCE_LEASE_SECONDS * 1000 + 2000);
      return new Playground(launched, clock, options);
    } catch (error) {
      await launched.close('playground failed to start');
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.launched.close('playground closed');
  }

  /** The command definitions the bot registered, as Discord holds them. */
  commands(): CommandDef[] {
    return this.fake.commands(this.fake.guild.id);
  }

  /** Members one can act as: the owner first, then the others. */
  people(): FakeMember[] {
    return [this.fake.guild.owner, ...this.fake.guild.members];
  }

  prompt(): string {
    return `${this.member.username} in #${this.channel.name ?? '?'} › `;
  }

  print(line = ''): void {
    this.lastOutput.push(line);
    this.options.print(line);
  }

  // ---- entry point -------------------------------------------------------------------------------------

  /** Runs one line. Throws PlaygroundError (or ParseError) when the line cannot be done. */
  async execute(line: string): Promise<'quit' | undefined> {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return undefined;
    const command = parseLine(trimmed);
    if (command.kind !== 'expect') this.lastOutput = [];
    if (this.pendingModal && command.kind !== 'submit' && command.kind !== 'cancel') {
      this.print(`  (the form "${this.pendingModal.title}" was closed without sending)`);
      this.pendingModal = undefined;
    }
    return this.run(command);
  }

  private async run(command: PlaygroundCommand): Promise<'quit' | undefined> {
    switch (command.kind) {
      case 'slash':
        return void (await this.slash(command.text));
      case 'as':
        return void this.actAs(command.member);
      case 'in':
        return void this.moveTo(command.channel);
      case 'click':
        return void (await this.click(command.target));
      case 'select':
        return void (await this.select(command.target, command.values));
      case 'submit':
        return void (await this.submitLine(command.text));
      case 'cancel':
        if (!this.pendingModal) throw new PlaygroundError('there is no open form to cancel');
        this.print(`  (the form "${this.pendingModal.title}" was closed without sending)`);
        this.pendingModal = undefined;
        return undefined;
      case 'advance':
        return void (await this.advance(command.ms));
      case 'time':
        return void this.print(`  🕒 ${formatClock(this.clock.now(), this.zone)}`);
      case 'show':
        return void this.show();
      case 'who':
        return void this.who();
      case 'complete':
        return void (await this.complete(command.text));
      case 'expect':
        return void this.expect(command.text);
      case 'help':
        return void this.help(command.topic);
      case 'quit':
        return 'quit';
    }
  }

  // ---- who and where -----------------------------------------------------------------------------------

  private actAs(ref: string): void {
    const member = this.fake.guild.member(ref);
    if (!member || member.bot) {
      throw new PlaygroundError(
        `no member "${ref}". Members: ${this.people()
          .map((m) => m.username)
          .join(', ')}`,
      );
    }
    this.member = member;
    const last = this.lastFor(member.id);
    const hint = last
      ? ` Their last message with buttons is ${this.where(last)}: click/select act on it.`
      : '';
    this.print(`  You are now ${member.username}${this.isAdmin(member) ? ' (Manage Server)' : ''}.${hint}`);
  }

  private moveTo(ref: string): void {
    const channel = this.fake.guild.channel(ref);
    if (!channel || channel.type !== ChannelType.GuildText) {
      throw new PlaygroundError(
        `no text channel "#${ref}". Channels: ${this.fake.guild.channels
          .filter((c) => c.type === ChannelType.GuildText)
          .map((c) => `#${c.name ?? ''}`)
          .join(', ')}`,
      );
    }
    this.channel = channel;
    this.print(`  Commands now run in #${channel.name ?? ''}.`);
  }

  private isAdmin(member: FakeMember): boolean {
    return (this.fake.guild.permissionsOf(member) & PermissionFlagsBits.ManageGuild) !== 0n;
  }

  who(): void {
    const guild = this.fake.guild;
    this.print(`  Server "${guild.name}"`);
    this.print(
      `  Members: ${this.people()
        .map((m) => `${m.username}${m.id === guild.ownerId ? ' (owner, Manage Server)' : ''}`)
        .join(', ')}`,
    );
    this.print(
      `  Channels: ${guild.channels
        .filter((c) => c.type === ChannelType.GuildText)
        .map((c) => `#${c.name ?? ''}`)
        .join(', ')}`,
    );
    this.print(`  You are ${this.member.username} in #${this.channel.name ?? ''}.`);
    this.print(`  🕒 ${formatClock(this.clock.now(), this.zone)}`);
  }

  // ---- interactions ------------------------------------------------------------------------------------

  private async slash(text: string): Promise<void> {
    const commands = this.commands();
    const permissions = this.fake.guild.permissionsOf(this.member, this.channel);
    const name = text.split(/\s/)[0] ?? '';
    const def = commands.find((c) => c.name === name.toLowerCase());
    if (def && !visibleTo(def, permissions)) {
      throw new PlaygroundError(
        `/${def.name} is not shown to ${this.member.username}: it needs ${
          needsManageServer(def) ? 'Manage Server' : 'more permissions'
        } (Discord hides it). Try it as ${this.fake.guild.owner.username}: as ${this.fake.guild.owner.username}`,
      );
    }
    const parsed = parseSlash(commands, text);
    await this.interact(() =>
      this.fake.slash({
        user: this.member.id,
        channelId: this.channel.id,
        name: parsed.name,
        ...(parsed.group ? { group: parsed.group } : {}),
        ...(parsed.subcommand ? { subcommand: parsed.subcommand } : {}),
        options: parsed.options,
      }),
    );
  }

  private async complete(text: string): Promise<void> {
    const request = completeSlash(this.commands(), text);
    if (request.kind === 'list') {
      this.print(
        request.candidates.length > 0 ? `  ${request.candidates.join('   ')}` : '  (nothing to complete)',
      );
      return;
    }
    const choices = await this.autocomplete(request);
    if (choices.length === 0) this.print('  (no suggestions)');
    for (const choice of choices) this.print(`  ${choice.name}  →  ${request.focused}:${choice.value}`);
  }

  /** Asks the bot for suggestions, as Discord does while the member types an autocomplete option. */
  async autocomplete(
    request: Extract<ReturnType<typeof completeSlash>, { kind: 'autocomplete' }>,
  ): Promise<{ name: string; value: string }[]> {
    const handle = await this.fake.autocomplete({
      user: this.member.id,
      channelId: this.channel.id,
      ...request.parsed,
      options: { ...request.options, [request.focused]: request.typed },
      focused: request.focused,
    });
    await handle.response(3000);
    return handle.choices().map((c) => ({ name: String(c['name']), value: String(c['value']) }));
  }

  private async click(target: string): Promise<void> {
    const { message, control } = this.control(target, 'button');
    if (control.url) {
      this.print(`  🔗 opens ${control.url} in the browser`);
      return;
    }
    if (control.disabled) throw new PlaygroundError(`"${control.label}" is disabled`);
    await this.interact(
      () => this.fake.clickButton({ user: this.member.id, message, customId: control.customId ?? '' }),
      message,
    );
  }

  private async select(target: string, values: string[]): Promise<void> {
    const { message, control } = this.control(target, 'select');
    if (control.disabled) throw new PlaygroundError(`"${control.label}" is disabled`);
    let chosen = values;
    if (control.options.length > 0) {
      chosen = values.map((value) => {
        const lower = value.toLowerCase();
        const index = /^\d+$/.test(value) ? Number(value) - 1 : -1;
        const option =
          control.options.find((o) => o.value === value) ??
          control.options.find((o) => o.label.toLowerCase() === lower) ??
          control.options[index] ??
          control.options.find((o) => o.label.toLowerCase().includes(lower));
        if (!option) {
          throw new PlaygroundError(
            `"${control.label}" has no option "${value}". Options: ${control.options
              .map((o, i) => `${i + 1}) ${o.label}`)
              .join(', ')}`,
          );
        }
        return option.value;
      });
    } else {
      chosen = values.map((v) => v.replace(/^[@#]/, ''));
    }
    if (chosen.length < control.minValues || chosen.length > control.maxValues) {
      throw new PlaygroundError(
        `"${control.label}" takes ${
          control.minValues === control.maxValues
            ? control.maxValues
            : `${control.minValues} to ${control.maxValues}`
        } value(s)`,
      );
    }
    await this.interact(
      () =>
        this.fake.selectMenu({
          user: this.member.id,
          message,
          customId: control.customId ?? '',
          values: chosen,
        }),
      message,
    );
  }

  /** `submit field:value field2:"more words"`: fills the open form and sends it. */
  private async submitLine(text: string): Promise<void> {
    const modal = this.pendingModal;
    if (!modal) throw new PlaygroundError('there is no open form: `submit` follows a button that opens one');
    const ids = new Map(modal.fields.map((f) => [f.customId.toLowerCase(), f]));
    const split = splitOptions(text, (name) => ids.has(name.toLowerCase()));
    if (split.words.length > 0) {
      throw new PlaygroundError(
        `unexpected "${split.words.join(' ')}": write submit ${modal.fields.map((f) => `${f.customId}:…`).join(' ')}`,
      );
    }
    const values: Record<string, string> = {};
    for (const [name, value] of split.options) {
      const field = ids.get(name.toLowerCase());
      if (field) values[field.customId] = value.replace(/\\n/g, '\n');
    }
    await this.submitModal(values);
  }

  /** Sends the open form with these values (missing fields keep what was filled in, or stay empty). */
  async submitModal(values: Record<string, string>): Promise<void> {
    const modal = this.pendingModal;
    if (!modal) throw new PlaygroundError('there is no open form');
    const submitted: Record<string, string | string[]> = {};
    for (const field of modal.fields) {
      const raw = values[field.customId];
      if (field.kind === 'select') {
        const picked = (raw ?? '')
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
          .map((v) => {
            const index = /^\d+$/.test(v) ? Number(v) - 1 : -1;
            const option =
              field.options.find((o) => o.value === v || o.label.toLowerCase() === v.toLowerCase()) ??
              field.options[index];
            if (!option) throw new PlaygroundError(`${field.customId}: no option "${v}"`);
            return option.value;
          });
        const defaults = field.options.filter((o) => o.isDefault).map((o) => o.value);
        const list = raw === undefined ? defaults : picked;
        if (field.required && list.length === 0) throw new PlaygroundError(`${field.customId} is required`);
        submitted[field.customId] = list;
        continue;
      }
      const text = raw ?? field.value ?? '';
      const problem = fieldProblem(field, text);
      if (problem) throw new PlaygroundError(problem);
      submitted[field.customId] = text;
    }
    this.pendingModal = undefined;
    await this.interact(
      () => this.fake.submitModal({ from: modal.handle, user: this.member.id, values: submitted }),
      modal.source,
    );
  }

  /**
   * Injects an interaction, waits until the bot has answered and finished everything it started, then prints
   * what Discord would show: the reply or update, a modal, and anything posted meanwhile.
   */
  private async interact(inject: () => Promise<InteractionHandle>, source?: FakeMessage): Promise<void> {
    let handle: InteractionHandle;
    try {
      handle = await inject();
    } catch (error) {
      throw new PlaygroundError(
        error instanceof Error ? error.message.replace(/^fake-discord: /, '') : String(error),
      );
    }
    try {
      await handle.waitForAttempt(SETTLE_TIMEOUT_MS);
    } catch {
      await this.settle();
      this.printEvents(this.feed.collect(), handle, source);
      this.print('  ❌ The application did not respond');
      this.botProblems.push('the bot did not answer the interaction');
      return;
    }
    await this.settle();
    const ack = handle.callback();
    this.printEvents(this.feed.collect(), handle, source);
    if (!ack) {
      const refused = handle.attempts()[0];
      const code = refused?.error
        ? ` (Discord answered ${refused.status} ${JSON.stringify(refused.error)})`
        : '';
      const late = refused?.error?.['code'] === 10062;
      this.print(
        late
          ? '  ❌ The application did not respond (it answered after the 3-second deadline)'
          : `  ❌ This interaction failed${code}`,
      );
      this.botProblems.push(
        late ? 'the bot answered after the 3-second deadline' : `Discord refused the bot's answer${code}`,
      );
      return;
    }
    if (ack.type === 9 && ack.data) {
      const rendered = renderModal(ack.data, this.render);
      this.pendingModal = { handle, source, fields: rendered.fields, title: rendered.title };
      for (const line of rendered.lines) this.print(`  ${line}`);
      if (!this.options.formsAskedByField) {
        this.print(
          `  (fill it in: submit ${rendered.fields.map((f) => `${f.customId}:…`).join(' ')}   or: cancel)`,
        );
      }
    }
  }

  /** Waits until no interaction is in flight and Discord saw no new request for a moment. */
  private async settle(): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    let quietSince = Date.now();
    let seen = this.fake.requests.length;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const now = this.fake.requests.length;
      const loading = this.fake
        .allMessages()
        .some((m) => !m.deleted && (m.flags & MessageFlags.Loading) !== 0);
      if (now !== seen || this.bot.dispatcher.inFlightCount > 0 || loading) {
        seen = now;
        quietSince = Date.now();
        continue;
      }
      if (Date.now() - quietSince >= QUIET_MS) return;
    }
  }

  // ---- virtual time ------------------------------------------------------------------------------------

  /** Runs the scheduler once, as the real bot does at start, and shows what fell due while it was closed. */
  async catchUp(): Promise<void> {
    const before = this.fake.requests.length;
    await this.bot.scheduler.tick();
    if (this.fake.requests.length === before) return;
    await this.settle();
    const events = this.feed.collect();
    if (events.length === 0) return;
    this.print(
      `  ── ${formatClock(this.clock.now(), this.zone)}: what fell due while the playground was closed ──`,
    );
    this.printEvents(events, undefined, undefined);
  }

  /** Moves the clock in steps, running the scheduler at each, and prints what happened when. */
  async advance(ms: number): Promise<void> {
    const from = this.clock.now().getTime();
    const target = from + ms;
    this.print(
      `  ⏩ ${formatDuration(ms)}: ${formatClock(new Date(from), this.zone)} → ${formatClock(new Date(target), this.zone)}`,
    );
    let at = from;
    while (at < target) {
      at = Math.min(target, (Math.floor(at / this.#stepMs) + 1) * this.#stepMs);
      this.clock.set(at);
      const before = this.fake.requests.length;
      await this.bot.scheduler.tick();
      // tick() awaits every job, so a step that sent nothing to Discord has nothing left to wait for.
      if (this.fake.requests.length === before) continue;
      await this.settle();
      const events = this.feed.collect();
      if (events.length > 0) {
        this.print(`  ── ${formatClock(new Date(at), this.zone)} ──`);
        this.printEvents(events, undefined, undefined);
      }
    }
    this.print(`  🕒 now ${formatClock(this.clock.now(), this.zone)}`);
  }

  // ---- output ------------------------------------------------------------------------------------------

  private printEvents(
    events: FeedEvent[],
    handle: InteractionHandle | undefined,
    source: FakeMessage | undefined,
  ): void {
    for (const event of events) {
      if (event.kind === 'thread') {
        this.printThread(event.thread, event.created, event.added);
        continue;
      }
      const message = event.message;
      if (event.kind === 'deleted') {
        this.print(`  🗑️ a message was deleted in ${this.place(message)}`);
        continue;
      }
      const ownInteraction = handle !== undefined && message.interactionId === handle.id;
      const isSource = source !== undefined && message.id === source.id;
      const privately = message.ephemeral ? ' [only you can see this]' : '';
      let header: string;
      if (ownInteraction && !event.edited) {
        header = `↳ Stepwise${privately || ` in #${this.place(message).replace(/^#/, '')} (everyone can see this)`}`;
      } else if (isSource || (ownInteraction && event.edited)) {
        header = `↻ the message is updated${privately}`;
      } else if (event.edited) {
        header = `✏️ edited in ${this.place(message)}${privately}`;
      } else {
        header = `${this.place(message, true)}${privately}`;
      }
      const pings = message.pings.users
        .map((id) => this.render.names.user(id))
        .filter((n): n is string => n !== undefined);
      if (pings.length > 0) header += ` (notifies @${pings.join(', @')})`;
      this.printMessage(header, message);
      this.checkForBotError(message);
    }
  }

  private printMessage(header: string, message: FakeMessage): void {
    const rendered = renderMessage(message, this.render);
    this.print(`  ${header}`);
    for (const line of rendered.lines) this.print(`    ${line}`.trimEnd());
    this.saveImages(message);
    if (rendered.controls.length > 0) this.remember(message);
  }

  private imagesSaved = 0;

  /** A terminal cannot show a chart: write it to a file and print where, with its alt text. */
  private saveImages(message: FakeMessage): void {
    const dir = this.options.imagesDir;
    message.attachments.forEach((attachment, i) => {
      const file = message.files.find((f) => f.name === attachment.filename) ?? message.files[i];
      if (!dir || !file || !attachment.content_type?.startsWith('image/')) return;
      fs.mkdirSync(dir, { recursive: true });
      this.imagesSaved += 1;
      const target = path.join(dir, `${String(this.imagesSaved).padStart(2, '0')}-${attachment.filename}`);
      fs.writeFileSync(target, file.data);
      this.print(`    🖼️ saved to ${target}`);
      if (attachment.description) this.print(`    alt text: ${attachment.description}`);
    });
  }

  private printThread(thread: FakeChannel, created: boolean, added: string[]): void {
    const names = added.map((id) => this.render.names.user(id) ?? id);
    const parent = thread.parentId ? `#${this.render.names.channel(thread.parentId) ?? '?'}` : '';
    const kind = thread.type === ChannelType.PrivateThread ? 'private thread' : 'thread';
    if (created) {
      this.print(
        `  🧵 new ${kind} in ${parent}: "${thread.name ?? ''}"${names.length > 0 ? ` with ${names.join(', ')}` : ''}`,
      );
    } else {
      this.print(`  👥 ${names.join(', ')} added to the thread "${thread.name ?? ''}" in ${parent}`);
    }
  }

  /** "#accountability", "📩 DM to alice", "#interviews › 🧵 Mock interview…". */
  private place(message: FakeMessage, heading = false): string {
    let channel: FakeChannel;
    try {
      channel = this.fake.channel(message.channel_id);
    } catch {
      return 'an unknown channel';
    }
    if (channel.type === ChannelType.DM) {
      const to = channel.recipientId ? (this.render.names.user(channel.recipientId) ?? '?') : '?';
      return heading ? `📩 DM to ${to}` : `the DM to ${to}`;
    }
    const prefix = heading ? '💬 ' : '';
    if (channel.parentId && channel.type !== ChannelType.GuildText) {
      return `${prefix}#${this.render.names.channel(channel.parentId) ?? '?'} › 🧵 ${channel.name ?? ''}`;
    }
    return `${prefix}#${channel.name ?? ''}`;
  }

  private checkForBotError(message: FakeMessage): void {
    const text = [
      message.content,
      ...message.embeds.map((e) => `${e.title ?? ''} ${e.description ?? ''}`),
    ].join(' ');
    if (text.includes(GENERIC_ERROR_MESSAGE.slice(0, 40)))
      this.botProblems.push('the bot answered with its generic error (run with --log error to see why)');
  }

  // ---- the last message with components, per member ----------------------------------------------------

  /** The message becomes the newest one with components for everyone who sees it. */
  private remember(message: FakeMessage, viewers = this.viewers(message)): void {
    const seq = ++this.#seq;
    for (const viewer of viewers) {
      const list = (this.#recent.get(viewer) ?? []).filter((seen) => seen.messageId !== message.id);
      list.push({ messageId: message.id, seq });
      this.#recent.set(viewer, list.slice(-RECENT));
    }
  }

  private viewers(message: FakeMessage): string[] {
    if (message.ephemeral) {
      const user = message.interaction_metadata?.['user'];
      const id = user && typeof user === 'object' && 'id' in user ? String(user.id) : this.member.id;
      return [id];
    }
    let channel: FakeChannel;
    try {
      channel = this.fake.channel(message.channel_id);
    } catch {
      return [];
    }
    if (channel.type === ChannelType.DM) return channel.recipientId ? [channel.recipientId] : [];
    if (channel.type === ChannelType.PrivateThread) return this.fake.threadMembers(channel.id);
    return [PUBLIC];
  }

  /** Messages with components this member saw, newest first (still existing). */
  private recentFor(userId: string): FakeMessage[] {
    const seen = [...(this.#recent.get(userId) ?? []), ...(this.#recent.get(PUBLIC) ?? [])];
    return seen
      .sort((a, b) => b.seq - a.seq)
      .map((s) => this.fake.message(s.messageId))
      .filter((m): m is FakeMessage => m !== undefined && !m.deleted);
  }

  private lastFor(userId: string): FakeMessage | undefined {
    return this.recentFor(userId)[0];
  }

  private where(message: FakeMessage): string {
    const first = message.embeds[0]?.title ?? message.content.split('\n')[0] ?? '';
    const label = formatText(first, this.render).slice(0, 60);
    return `${this.place(message)}${label ? ` ("${label}")` : ''}`;
  }

  /**
   * `click 3` is button [3] of the member's last message with components; `click We met` is the newest
   * message they saw with such a button (which then becomes their last message).
   */
  private control(target: string, kind: Control['kind']): { message: FakeMessage; control: Control } {
    const recent = this.recentFor(this.member.id);
    const last = recent[0];
    if (!last) {
      throw new PlaygroundError(
        `${this.member.username} has no message with buttons yet (try /roadmap, or "as <member>" to switch)`,
      );
    }
    const n = /^\d+$/.test(target) ? Number(target) : undefined;
    const lower = target.toLowerCase();
    let found: { message: FakeMessage; control: Control } | undefined;
    if (n !== undefined) {
      const control = renderMessage(last, this.render).controls.find((c) => c.n === n);
      if (control) found = { message: last, control };
    } else {
      const matchers = [
        (c: Control) => c.label.toLowerCase() === lower,
        (c: Control) => c.label.toLowerCase().includes(lower),
      ];
      for (const matches of matchers) {
        for (const message of recent) {
          const control = renderMessage(message, this.render).controls.find(
            (c) => c.kind === kind && matches(c),
          );
          if (control) {
            found = { message, control };
            break;
          }
        }
        if (found) break;
      }
    }
    if (!found) {
      const listed = renderMessage(last, this.render)
        .controls.map((c) => `[${c.n}] ${c.label}`)
        .join('  ');
      throw new PlaygroundError(
        `no "${target}" on ${this.where(last)}${n === undefined ? ' or the messages before it' : ''}. It has: ${
          listed || 'nothing to click'
        }`,
      );
    }
    const { message, control } = found;
    if (control.kind !== kind) {
      throw new PlaygroundError(
        kind === 'button'
          ? `[${control.n}] is a menu: select ${control.n} <option>`
          : `[${control.n}] is a button: click ${control.n}`,
      );
    }
    // Acting on an older message makes it the one numbers refer to.
    if (message.id !== last.id) this.remember(message, [this.member.id]);
    return { message, control };
  }

  /** The buttons and menus `click <n>` / `select <n>` act on now (for Tab completion). */
  currentControls(): Control[] {
    const message = this.lastFor(this.member.id);
    return message ? renderMessage(message, this.render).controls : [];
  }

  show(): void {
    const message = this.lastFor(this.member.id);
    if (!message) {
      this.print(`  ${this.member.username} has no message with buttons yet.`);
      return;
    }
    this.printMessage(
      `(last message with buttons for ${this.member.username}: ${this.place(message)})`,
      message,
    );
  }

  private expect(text: string): void {
    const output = this.lastOutput.join('\n');
    if (!output.includes(text)) {
      throw new PlaygroundError(`expected the last output to contain ${JSON.stringify(text)}`);
    }
  }

  // ---- help --------------------------------------------------------------------------------------------

  help(topic?: string): void {
    const commands = this.commands();
    const permissions = this.fake.guild.permissionsOf(this.member, this.channel);
    if (topic) {
      const command = commands.find((c) => c.name === topic.split(/\s+/)[0]);
      if (!command) throw new ParseError(`no command /${topic}`);
      this.print(`  /${command.name} — ${describeCommand(command)}`);
      for (const leaf of leaves(command)) {
        this.print(`    ${usage(leaf.path, leaf.options)}`);
        if (leaf.path.length > 1) this.print(`        ${leaf.description}`);
        for (const option of leaf.options) {
          this.print(`        ${optionUsage(option)}  ${str(option['description']) ?? ''}`);
        }
      }
      return;
    }
    const lines = [
      'Type slash commands as in Discord; Tab completes command, subcommand and option names (and asks the bot',
      'for suggestions on options such as step:). Values with spaces need no quotes: focus:team work.',
      '',
      'Slash commands registered by the bot' +
        (this.isAdmin(this.member) ? ':' : ` (those ${this.member.username} can see):`),
      ...commands
        .filter((c) => visibleTo(c, permissions))
        .map((c) => `  /${c.name.padEnd(16)} ${describeCommand(c)}`),
      '  help /<command> shows its subcommands and options.',
      '',
      'Playground commands:',
      `  as <member>            act as another member (${this.people()
        .map((m) => m.username)
        .join(', ')})`,
      '  in #<channel>          run commands in another channel (public replies appear there)',
      '  click <n>              press button [n] on your last message with buttons (or click <label>)',
      '  select <n> <option>    choose in menu [n]: the option number, value or label (several: a b)',
      '  submit f:value …       send the open form (script mode; interactively you are asked field by',
      '                         field: Enter skips or keeps the value shown, "-" clears it, !cancel closes)',
      '  cancel                 close the open form without sending',
      '  advance <duration>     move the virtual clock (30m, 2h, 1d, 1w, 1d12h): scheduled prompts,',
      '                         reminders, summaries and interview rounds happen at their times',
      '  time                   show the virtual time',
      '  show                   show your last message with buttons again',
      '  who                    the server: members, channels, who you are',
      '  complete /cmd opt:abc  what the bot suggests for an autocomplete option',
      '  expect <text>          (scripts) fail unless the last output contains the text',
      '  help, quit             (Ctrl+D also quits; ↑/↓ browse history)',
    ];
    for (const line of lines) this.print(line ? `  ${line}` : '');
  }
}

/** The description, with the permission it needs when the description does not say so already. */
function describeCommand(command: CommandDef): string {
  const admin = needsManageServer(command) && !command.description.includes('Manage Server');
  return `${command.description}${admin ? ' (Manage Server)' : ''}`;
}

/** What Discord's client would say about a field value before sending the form. */
export function fieldProblem(field: ModalField, text: string): string | undefined {
  const length = [...text].length;
  if (field.required && length === 0) return `${field.customId} is required (${describeField(field)})`;
  if (length > 0 && field.minLength !== undefined && length < field.minLength)
    return `${field.customId} needs at least ${field.minLength} characters`;
  if (field.maxLength !== undefined && length > field.maxLength)
    return `${field.customId} takes at most ${field.maxLength} characters`;
  return undefined;
}
