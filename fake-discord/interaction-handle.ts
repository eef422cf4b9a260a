import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type { InteractionKind, InteractionRecord } from './interaction-types.js';
import type { Dict } from './json.js';
import { asArray, isDict } from './json.js';
import type { World } from './state.js';
import type { CallbackAttempt, FakeMessage, InteractionCallback } from './types.js';
import type { Waiters } from './wait.js';

/** What a test holds after injecting an interaction. */
export class InteractionHandle {
  constructor(
    private readonly world: World,
    private readonly waiters: Waiters,
    readonly record: InteractionRecord,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  get kind(): InteractionKind {
    return this.record.kind;
  }

  /** The INTERACTION_CREATE `d` exactly as sent. */
  get payload(): Dict {
    return this.record.payload;
  }

  /** The accepted callback, or null while unanswered. */
  callback(): InteractionCallback | null {
    return this.record.ack;
  }

  attempts(): CallbackAttempt[] {
    return [...this.record.attempts];
  }

  /** First accepted callback `{type, data}`; rejects after the timeout, listing refused attempts. */
  response(timeoutMs?: number): Promise<InteractionCallback> {
    return this.waiters.until(
      () => this.record.ack ?? undefined,
      () => `a callback to ${this.describe()} ${this.attemptSummary()}`,
      timeoutMs,
    );
  }

  /** First callback attempt, accepted or refused (e.g. to assert a 10062 or a 50035). */
  waitForAttempt(timeoutMs?: number): Promise<CallbackAttempt> {
    return this.waiters.until(
      () => this.record.attempts[0],
      () => `any callback attempt to ${this.describe()}`,
      timeoutMs,
    );
  }

  /** Current state of @original (null before a message-producing callback). */
  original(): FakeMessage | null {
    const id = this.record.originalId;
    const message = id ? this.world.messages.get(id) : undefined;
    return message && !message.deleted ? message : null;
  }

  /** Resolves once @original satisfies the predicate (default: exists and is no longer "thinking"). */
  waitForOriginal(predicate?: (message: FakeMessage) => boolean, timeoutMs?: number): Promise<FakeMessage> {
    const test = predicate ?? ((m: FakeMessage) => (m.flags & MessageFlags.Loading) === 0);
    return this.waiters.until(
      () => {
        const message = this.original();
        return message && test(message) ? message : undefined;
      },
      () =>
        `@original of ${this.describe()} to match (now: ${JSON.stringify(this.original()?.content ?? null)})`,
      timeoutMs,
    );
  }

  followUps(): FakeMessage[] {
    return this.record.followUpIds
      .map((id) => this.world.messages.get(id))
      .filter((m): m is FakeMessage => m !== undefined && !m.deleted);
  }

  waitForFollowUps(count = 1, timeoutMs?: number): Promise<FakeMessage[]> {
    return this.waiters.until(
      () => (this.followUps().length >= count ? this.followUps() : undefined),
      () => `${count} follow-up(s) to ${this.describe()} (have ${this.followUps().length})`,
      timeoutMs,
    );
  }

  /** The message the response produced (reply, deferred reply, or the updated component message). */
  message(): FakeMessage {
    const message = this.original();
    if (!message) {
      throw new Error(
        `fake-discord: ${this.describe()} has no response message yet (callback: ${
          this.record.ack ? `type ${this.record.ack.type}` : 'none'
        }); await response() first`,
      );
    }
    return message;
  }

  /** The modal shown with callback type 9. */
  modal(): Dict {
    const ack = this.record.ack;
    if (!ack || ack.type !== InteractionResponseType.Modal || !ack.data) {
      throw new Error(`fake-discord: ${this.describe()} was not answered with a modal`);
    }
    return ack.data;
  }

  /** Autocomplete choices sent with callback type 8. */
  choices(): Dict[] {
    const ack = this.record.ack;
    if (!ack || ack.type !== InteractionResponseType.ApplicationCommandAutocompleteResult) {
      throw new Error(`fake-discord: ${this.describe()} was not answered with autocomplete choices`);
    }
    return (asArray(ack.data?.['choices']) ?? []).filter(isDict);
  }

  private describe(): string {
    return `${this.record.kind} "${this.record.label}" (interaction ${this.record.id})`;
  }

  private attemptSummary(): string {
    if (this.record.attempts.length === 0)
      return '(no callback request arrived: did the handler run or throw?)';
    return `(refused attempts: ${this.record.attempts
      .map((a) => `${a.status} ${JSON.stringify(a.error)}`)
      .join('; ')})`;
  }
}
