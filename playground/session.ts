import type { Writable } from 'node:stream';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Bot } from '../src/bot.js';
import { ManualClock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import { MINUTE_MS } from '../src/domain/time/duration.js';
import { launchBot, type LaunchedBot } from '../launch/bot.js';
import type {
  FakeChannel,
  FakeDiscord,
  FakeMember,
  FakeMessage,
  InteractionHandle,
} from '../fake-discord/index.js';
import { parseLine, type PlaygroundCommand } from './commands.js';
import {
  autocomplete,
  click,
  complete,
  select,
  SETTLE_TIMEOUT_MS,
  slash,
  submitLine,
  submitModal,
} from './drive.js';
import { PlaygroundError } from './errors.js';
import { help } from './help.js';
import { RecentControls } from './recent.js';
import { Transcript } from './transcript.js';
import { advance, catchUp } from './virtual-time.js';
import { Feed } from './feed.js';
import { formatClock, type Control, type ModalField, type RenderContext } from './render.js';
import type { CommandDef, completeSlash } from './slash.js';

/** The sample server: an owner who can run admin commands, a few members, the channels Stepwise uses. */
export const SAMPLE_SERVER = {
  name: 'Stepwise Playground',
  owner: 'admin',
  members: ['alice', 'bob', 'carol', 'dave'],
  channels: ['general', 'accountability', 'interviews'],
} as const;

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
  readonly transcript: Transcript;
  readonly recent: RecentControls;
  /** `advance` moves the clock in steps of this size, running the scheduler at each. */
  readonly stepMs: number;

  readonly fake: FakeDiscord;
  readonly bot: Bot;

  private constructor(
    private readonly launched: LaunchedBot,
    readonly clock: ManualClock,
    readonly options: PlaygroundOptions,
  ) {
    const fake = launched.fake;
    this.fake = fake;
    this.bot = launched.bot;
    this.zone = options.zone ?? 'UTC';
    this.stepMs = options.stepMs ?? 15 * MINUTE_MS;
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
    this.transcript = new Transcript(fake, this.render, options.print, options.imagesDir, (message) =>
      this.recent.remember(message),
    );
    this.recent = new RecentControls(
      fake,
      this.render,
      () => this.member,
      (message) => this.transcript.place(message),
    );
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
    this.transcript.print(line);
  }

  /** What went wrong on the bot's side so far (a script fails on it). */
  get botProblems(): readonly string[] {
    return this.transcript.botProblems;
  }

  /** Runs the scheduler once, as the real bot does at start, and shows what fell due while it was closed. */
  catchUp(): Promise<void> {
    return catchUp(this);
  }

  /** Sends the open form with these values (missing fields keep what was filled in, or stay empty). */
  submitModal(values: Record<string, string>): Promise<void> {
    return submitModal(this, values);
  }

  /** The buttons and menus `click <n>` / `select <n>` act on now (for Tab completion). */
  currentControls(): Control[] {
    return this.recent.currentControls();
  }

  /** Asks the bot for suggestions, as Discord does while the member types an autocomplete option. */
  autocomplete(
    request: Extract<ReturnType<typeof completeSlash>, { kind: 'autocomplete' }>,
  ): Promise<{ name: string; value: string }[]> {
    return autocomplete(this, request);
  }

  // ---- entry point -------------------------------------------------------------------------------------

  /** Runs one line. Throws PlaygroundError (or ParseError) when the line cannot be done. */
  async execute(line: string): Promise<'quit' | undefined> {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return undefined;
    const command = parseLine(trimmed);
    if (command.kind !== 'expect') this.transcript.lastOutput = [];
    if (command.kind !== 'submit' && command.kind !== 'cancel') this.closeForm();
    return this.run(command);
  }

  private async run(command: PlaygroundCommand): Promise<'quit' | undefined> {
    switch (command.kind) {
      case 'slash':
        return void (await slash(this, command.text));
      case 'as':
        return void this.actAs(command.member);
      case 'in':
        return void this.moveTo(command.channel);
      case 'click':
        return void (await click(this, command.target));
      case 'select':
        return void (await select(this, command.target, command.values));
      case 'submit':
        return void (await submitLine(this, command.text));
      case 'cancel':
        if (!this.pendingModal) throw new PlaygroundError('there is no open form to cancel');
        return void this.closeForm();
      case 'advance':
        return void (await advance(this, command.ms));
      case 'time':
        return void this.print(`  🕒 ${formatClock(this.clock.now(), this.zone)}`);
      case 'show':
        return void this.show();
      case 'who':
        return void this.who();
      case 'complete':
        return void (await complete(this, command.text));
      case 'expect':
        return void this.expect(command.text);
      case 'help':
        return void help(this, command.topic);
      case 'quit':
        return 'quit';
    }
  }

  /** Closes the open form unsent, if there is one, and says so. */
  private closeForm(): void {
    if (!this.pendingModal) return;
    this.print(`  (the form "${this.pendingModal.title}" was closed without sending)`);
    this.pendingModal = undefined;
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
    const last = this.recent.lastFor(member.id);
    const hint = last
      ? ` Their last message with buttons is ${this.recent.where(last)}: click/select act on it.`
      : '';
    this.print(`  You are now ${member.username}${this.isAdmin(member) ? ' (Manage Server)' : ''}.${hint}`);
  }

  private moveTo(ref: string): void {
    const channel = this.fake.guild.channel(ref);
    if (!channel || channel.type !== ChannelType.GuildText) {
      throw new PlaygroundError(`no text channel "#${ref}". Channels: ${this.textChannels()}`);
    }
    this.channel = channel;
    this.print(`  Commands now run in #${channel.name ?? ''}.`);
  }

  /** The server's text channels, as `#general, #accountability, …`. */
  private textChannels(): string {
    return this.fake.guild.channels
      .filter((c) => c.type === ChannelType.GuildText)
      .map((c) => `#${c.name ?? ''}`)
      .join(', ');
  }

  isAdmin(member: FakeMember): boolean {
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
    this.print(`  Channels: ${this.textChannels()}`);
    this.print(`  You are ${this.member.username} in #${this.channel.name ?? ''}.`);
    this.print(`  🕒 ${formatClock(this.clock.now(), this.zone)}`);
  }

  show(): void {
    const message = this.recent.lastFor(this.member.id);
    if (!message) {
      this.print(`  ${this.member.username} has no message with buttons yet.`);
      return;
    }
    this.transcript.printMessage(
      `(last message with buttons for ${this.member.username}: ${this.transcript.place(message)})`,
      message,
    );
  }

  private expect(text: string): void {
    const output = this.transcript.lastOutput.join('\n');
    if (!output.includes(text)) {
      throw new PlaygroundError(`expected the last output to contain ${JSON.stringify(text)}`);
    }
  }
}
