import { ChannelType } from 'discord-api-types/v10';
import type { FakeChannel, FakeDiscord, FakeMember, FakeMessage } from '../fake-discord/index.js';
import { PlaygroundError } from './errors.js';
import { formatText, renderMessage, type Control, type RenderContext } from './render.js';

interface Seen {
  messageId: string;
  seq: number;
}

/** How many messages with components are remembered per member for `click <label>`. */
const RECENT = 20;

const PUBLIC = '*';

/**
 * The messages with buttons and menus each member saw, newest first: what `click 3` or `select 2 …` act on,
 * and where `click We met` looks for a label.
 */
export class RecentControls {
  #seq = 0;
  /** Messages with components each member saw, oldest first ('*' = everyone: channel posts). */
  readonly #recent = new Map<string, Seen[]>();

  constructor(
    private readonly fake: FakeDiscord,
    private readonly render: RenderContext,
    /** Who acts now (an ephemeral message without metadata is theirs). */
    private readonly member: () => FakeMember,
    /** "#accountability", "the DM to alice", as the transcript says it. */
    private readonly place: (message: FakeMessage) => string,
  ) {}

  /** The message becomes the newest one with components for everyone who sees it. */
  remember(message: FakeMessage, viewers = this.viewers(message)): void {
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
      const id = user && typeof user === 'object' && 'id' in user ? String(user.id) : this.member().id;
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

  lastFor(userId: string): FakeMessage | undefined {
    return this.recentFor(userId)[0];
  }

  where(message: FakeMessage): string {
    const first = message.embeds[0]?.title ?? message.content.split('\n')[0] ?? '';
    const label = formatText(first, this.render).slice(0, 60);
    return `${this.place(message)}${label ? ` ("${label}")` : ''}`;
  }

  /**
   * `click 3` is button [3] of the member's last message with components; `click We met` is the newest
   * message they saw with such a button (which then becomes their last message).
   */
  control(target: string, kind: Control['kind']): { message: FakeMessage; control: Control } {
    const recent = this.recentFor(this.member().id);
    const last = recent[0];
    if (!last) {
      throw new PlaygroundError(
        `${this.member().username} has no message with buttons yet (try /roadmap, or "as <member>" to switch)`,
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
    if (message.id !== last.id) this.remember(message, [this.member().id]);
    return { message, control };
  }

  /** The buttons and menus `click <n>` / `select <n>` act on now (for Tab completion). */
  currentControls(): Control[] {
    const message = this.lastFor(this.member().id);
    return message ? renderMessage(message, this.render).controls : [];
  }
}
