import type { FakeChannel, FakeDiscord, FakeMessage } from '../fake-discord/index.js';

// What changed in the fake Discord since the last look: new and edited messages, deleted ones, new threads
// and thread members. The playground prints these as they "arrive".

export type FeedEvent =
  | { kind: 'message'; message: FakeMessage; edited: boolean }
  | { kind: 'deleted'; message: FakeMessage }
  | { kind: 'thread'; thread: FakeChannel; created: boolean; added: string[] };

export class Feed {
  readonly #seen = new Map<string, number>();
  readonly #gone = new Set<string>();
  readonly #threads = new Map<string, Set<string>>();

  constructor(private readonly fake: FakeDiscord) {
    this.collect();
  }

  /** Everything new since the previous call, oldest first. */
  collect(): FeedEvent[] {
    const events: { key: bigint; order: number; event: FeedEvent }[] = [];
    const botId = this.fake.botUser.id;
    for (const thread of this.fake.threads) {
      const members = this.fake.threadMembers(thread.id).filter((id) => id !== botId);
      const known = this.#threads.get(thread.id);
      const added = members.filter((id) => !known?.has(id));
      if (!known || added.length > 0) {
        events.push({
          key: BigInt(thread.id),
          order: 0,
          event: { kind: 'thread', thread, created: !known, added },
        });
      }
      this.#threads.set(thread.id, new Set(members));
    }
    for (const message of this.fake.allMessages()) {
      const edits = this.#seen.get(message.id);
      if (message.deleted) {
        if (edits !== undefined && !this.#gone.has(message.id)) {
          events.push({ key: BigInt(message.id), order: 2, event: { kind: 'deleted', message } });
        }
        this.#gone.add(message.id);
        this.#seen.set(message.id, message.edits);
        continue;
      }
      if (edits === undefined) {
        events.push({
          key: BigInt(message.id),
          order: 1,
          event: { kind: 'message', message, edited: false },
        });
      } else if (message.edits !== edits) {
        events.push({ key: BigInt(message.id), order: 3, event: { kind: 'message', message, edited: true } });
      }
      this.#seen.set(message.id, message.edits);
    }
    // New threads and messages in the order they happened; edits and deletions after them.
    const late = (order: number) => (order >= 2 ? 1 : 0);
    return events
      .sort(
        (a, b) =>
          late(a.order) - late(b.order) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.order - b.order,
      )
      .map((e) => e.event);
  }
}
