import { STATUS_CODES } from 'node:http';

export interface FailNextSpec {
  /** HTTP method; any when omitted. */
  method?: string;
  /**
   * Generic route ('/channels/:id/messages' — parameter names do not matter), an exact decoded path, or a RegExp
   * tested against both.
   */
  route: string | RegExp;
  /** How many matching requests fail. Default 1. */
  count?: number;
  status: number;
  /** Discord JSON error code for the default body. Default 0. */
  code?: number;
  /** Replaces the default body `{ message: '500: Internal Server Error', code }`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket without answering (undici "other side closed"; @discordjs/rest does not retry it). */
  disconnect?: boolean;
  /**
   * Handle the request first (Discord acted: the message exists), then answer with the failure or, with
   * `disconnect`, drop the answer: "Discord created it but the answer was lost".
   */
  afterHandling?: boolean;
}

export interface DelayNextSpec {
  method?: string;
  route: string | RegExp;
  count?: number;
  ms: number;
  /** false (default): delay before handling, like a slow network to Discord. true: handle, then delay the answer. */
  afterHandling?: boolean;
}

export interface Failure {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  disconnect: boolean;
  afterHandling: boolean;
}

interface Armed<T> {
  spec: T & { method?: string; route: string | RegExp };
  remaining: number;
}

const normalise = (route: string): string => route.replace(/:[A-Za-z_]+/g, ':id').replace(/\/+$/, '');

function matches(
  spec: { method?: string; route: string | RegExp },
  method: string,
  path: string,
  route: string,
): boolean {
  if (spec.method && spec.method.toUpperCase() !== method) return false;
  if (spec.route instanceof RegExp) return spec.route.test(path) || spec.route.test(route);
  const wanted = spec.route.replace(/^\/api\/v\d+/, '');
  return normalise(wanted) === normalise(route) || wanted === path;
}

/** One-shot failures and delays armed by tests, consumed in the order they were armed. */
export class Faults {
  private failures: Armed<FailNextSpec>[] = [];
  private delays: Armed<DelayNextSpec>[] = [];

  failNext(spec: FailNextSpec): void {
    this.failures.push({ spec, remaining: spec.count ?? 1 });
  }

  delayNext(spec: DelayNextSpec): void {
    this.delays.push({ spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.failures = [];
    this.delays = [];
  }

  takeFailure(method: string, path: string, route: string): Failure | undefined {
    const armed = this.failures.find((f) => f.remaining > 0 && matches(f.spec, method, path, route));
    if (!armed) return undefined;
    armed.remaining -= 1;
    this.failures = this.failures.filter((f) => f.remaining > 0);
    const { spec } = armed;
    const defaultHeaders: Record<string, string> =
      spec.status === 429 ? { 'Retry-After': '1', 'X-RateLimit-Scope': 'user' } : {};
    return {
      status: spec.status,
      body: spec.body ?? {
        message: `${spec.status}: ${STATUS_CODES[spec.status] ?? 'Error'}`,
        code: spec.code ?? 0,
      },
      headers: { ...defaultHeaders, ...spec.headers },
      disconnect: spec.disconnect ?? false,
      afterHandling: spec.afterHandling ?? false,
    };
  }

  takeDelay(method: string, path: string, route: string): { ms: number; afterHandling: boolean } | undefined {
    const armed = this.delays.find((d) => d.remaining > 0 && matches(d.spec, method, path, route));
    if (!armed) return undefined;
    armed.remaining -= 1;
    this.delays = this.delays.filter((d) => d.remaining > 0);
    return { ms: armed.spec.ms, afterHandling: armed.spec.afterHandling ?? false };
  }
}
