import type { EventEmitter } from 'node:events';

interface Pending {
  reject: (error: Error) => void;
  cleanup: () => void;
}

/**
 * Bounded waits on the fake's state: each re-checks its condition whenever the state changes (and every 20 ms),
 * rejects with a
 * readable message on timeout, and is rejected at close() so a test never hangs on a dead fake.
 */
export class Waiters {
  private readonly pending = new Set<Pending>();
  private closed = false;

  constructor(
    private readonly events: EventEmitter,
    readonly defaultTimeoutMs: number,
  ) {}

  until<T>(
    check: () => T | undefined,
    describe: () => string,
    timeoutMs = this.defaultTimeoutMs,
  ): Promise<T> {
    if (this.closed) return Promise.reject(new Error('fake-discord: closed'));
    try {
      const ready = check();
      if (ready !== undefined) return Promise.resolve(ready);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        reject: (error) => {
          entry.cleanup();
          reject(error);
        },
        cleanup: () => {
          clearTimeout(timer);
          clearInterval(poll);
          this.events.off('change', onChange);
          this.pending.delete(entry);
        },
      };
      const onChange = (): void => {
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          entry.reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value !== undefined) {
          entry.cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        entry.reject(new Error(`fake-discord: timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      // Conditions may also depend on state outside the fake (a handler's variable), so poll as well.
      const poll = setInterval(onChange, 20);
      this.events.on('change', onChange);
      this.pending.add(entry);
    });
  }

  close(): void {
    this.closed = true;
    for (const entry of [...this.pending]) entry.reject(new Error('fake-discord: closed while waiting'));
  }
}
