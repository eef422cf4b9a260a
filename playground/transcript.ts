import fs from 'node:fs';
import path from 'node:path';
import { ChannelType } from 'discord-api-types/v10';
import { GENERIC_ERROR_MESSAGE } from '../src/discord/dispatcher.js';
import type { FakeChannel, FakeDiscord, FakeMessage, InteractionHandle } from '../fake-discord/index.js';
import type { FeedEvent } from './feed.js';
import { renderMessage, type RenderContext } from './render.js';

/**
 * What the person sees, line by line: the bot's replies, updates, posts, DMs and threads as Discord would show
 * them, charts written to files, and what went wrong on the bot's side.
 */
export class Transcript {
  /** Lines printed since the last command (what `expect` looks at). */
  lastOutput: string[] = [];
  /**
   * What went wrong on the bot's side: its generic "something went wrong" reply, no answer in time, an
   * answer Discord refused. The member sees it in the transcript; a script fails on it.
   */
  readonly botProblems: string[] = [];
  private imagesSaved = 0;

  constructor(
    private readonly fake: FakeDiscord,
    private readonly render: RenderContext,
    private readonly out: (line: string) => void,
    /** Images the bot sends are written here; unset: not written. */
    private readonly imagesDir: string | undefined,
    /** A message with buttons or menus was shown (click/select may act on it). */
    private readonly onControls: (message: FakeMessage) => void,
  ) {}

  print(line = ''): void {
    this.lastOutput.push(line);
    this.out(line);
  }

  printEvents(
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

  printMessage(header: string, message: FakeMessage): void {
    const rendered = renderMessage(message, this.render);
    this.print(`  ${header}`);
    for (const line of rendered.lines) this.print(`    ${line}`.trimEnd());
    this.saveImages(message);
    if (rendered.controls.length > 0) this.onControls(message);
  }

  /** A terminal cannot show a chart: write it to a file and print where, with its alt text. */
  private saveImages(message: FakeMessage): void {
    const dir = this.imagesDir;
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
  place(message: FakeMessage, heading = false): string {
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
}
