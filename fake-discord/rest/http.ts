import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../errors.js';
import type { Faults } from '../faults.js';
import type { ParsedBody } from '../http-body.js';
import { parseBody, readRaw } from '../http-body.js';
import type { MessageService } from '../messages.js';
import type { RateLimiter } from '../rate-limit.js';
import type { World } from '../state.js';
import type { FakeStats, RecordedRequest } from '../types.js';
import { asHttpError, matchRoute, type RouteDef } from './routes.js';

export const API_PREFIX = '/api/v10';

interface Reply {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
}

export interface RestHandlerDeps {
  world: World;
  routes: readonly RouteDef[];
  token: string;
  limiter: RateLimiter | null;
  faults: Faults;
  stats: FakeStats;
  /** Where each answered request is recorded (the fake's `requests`), trimmed past `maxRequests`. */
  requests: RecordedRequest[];
  maxRequests: number;
  attachmentFiles: MessageService['attachmentFiles'];
  log: (line: string) => void;
}

/**
 * One REST request, as Discord would take it: the route matched, the bot token checked, rate limits and
 * injected faults applied, the handler run, the answer written and recorded. Attachments are served too.
 */
export class RestHandler {
  private readonly sleepers = new Set<() => void>();
  private requestSeq = 0;
  private closed = false;

  constructor(private readonly deps: RestHandlerDeps) {}

  /** Wakes every delayed request; none is answered after this. */
  close(): void {
    this.closed = true;
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
      this.serveAttachment(url.pathname, res);
      return;
    }
    const raw = await readRaw(req).catch(() => Buffer.alloc(0));
    const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const segments = (isApi ? url.pathname.slice(API_PREFIX.length) : url.pathname)
      .split('/')
      .filter(Boolean)
      .map(decodeSegment);
    const path = `/${segments.join('/')}`;
    const match = isApi ? matchRoute(this.deps.routes, method, segments) : { methodMismatch: false };
    const routePattern = 'route' in match ? match.route.pattern : genericPath(segments);
    const record: RecordedRequest = {
      seq: ++this.requestSeq,
      method,
      path,
      route: routePattern,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req.headers),
      body: undefined,
      files: [],
      status: 0,
      responseBody: undefined,
      responseHeaders: {},
      at: started,
      durationMs: 0,
      matched: 'route' in match,
    };
    this.deps.stats.requests += 1;

    let parsed: ParsedBody | undefined;
    let parseError: unknown;
    try {
      parsed = parseBody(req.headers['content-type'], raw);
      record.body = parsed.json;
      record.files = parsed.files;
    } catch (error) {
      parseError = error;
    }

    const delay = this.deps.faults.takeDelay(method, path, routePattern);
    if (delay && !delay.afterHandling) await this.sleep(delay.ms);
    if (this.closed) return;

    const failure = this.deps.faults.takeFailure(method, path, routePattern);
    if (failure?.disconnect && !failure.afterHandling) {
      record.injected = 'disconnect';
      this.finish(record, started);
      req.socket.destroy();
      return;
    }
    // With afterHandling, Discord acts on the request and only its answer is replaced or lost.
    const handled =
      !failure || failure.afterHandling
        ? this.route(match, method, path, url.searchParams, req, parsed, parseError)
        : undefined;
    if (failure?.disconnect && handled) {
      record.injected = 'lostAnswer';
      record.status = handled.status;
      record.responseBody = handled.body;
      this.finish(record, started);
      req.socket.destroy();
      return;
    }
    const reply: Reply =
      failure || !handled
        ? { status: failure?.status ?? 500, body: failure?.body, headers: failure?.headers ?? {} }
        : handled;
    if (failure) record.injected = failure.afterHandling ? 'failNextAfterHandling' : 'failNext';
    if (reply.status === 429 && !failure) record.injected = 'rateLimit';

    if (delay?.afterHandling) await this.sleep(delay.ms);
    if (this.closed) return;
    record.status = reply.status;
    record.responseBody = reply.body;
    record.responseHeaders = reply.headers;
    const payload = reply.status === 204 || reply.body === undefined ? undefined : JSON.stringify(reply.body);
    const headers: Record<string, string> = { ...reply.headers };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    res.writeHead(reply.status, headers);
    res.end(payload);
    this.finish(record, started);
  }

  private route(
    match: ReturnType<typeof matchRoute>,
    method: string,
    path: string,
    query: URLSearchParams,
    req: IncomingMessage,
    parsed: ParsedBody | undefined,
    parseError: unknown,
  ): Reply {
    if (!('route' in match)) {
      this.deps.stats.unknownRoutes += 1;
      this.deps.log(`rest: unknown route ${method} ${path}`);
      const error = match.methodMismatch ? errors.methodNotAllowed() : errors.notFound();
      return { status: error.status, body: error.body, headers: {} };
    }
    const { route, params } = match;
    if (route.auth && req.headers.authorization !== `Bot ${this.deps.token}`) {
      const error = errors.unauthorized();
      return { status: error.status, body: error.body, headers: {} };
    }
    let headers: Record<string, string> = {};
    if (this.deps.limiter) {
      const major = /^\/(?:channels|guilds|webhooks)\/(\d{17,19})/.exec(path)?.[1] ?? 'global';
      const decision = this.deps.limiter.check(method, route.pattern, major, route.auth);
      headers = decision.headers;
      if (!decision.allowed) {
        this.deps.stats.rateLimited += 1;
        if (decision.global) this.deps.stats.globalRateLimited += 1;
        this.deps.world.changed();
        return { status: 429, body: decision.body, headers };
      }
    }
    if (parseError !== undefined || !parsed) {
      const error = asHttpError(parseError);
      return { status: error.status, body: error.body, headers };
    }
    try {
      const result = route.handler({ method, params, query, body: parsed.json, files: parsed.files });
      return { status: result.status, body: result.body, headers };
    } catch (error) {
      const httpError = asHttpError(error);
      if (httpError.status >= 500)
        this.deps.log(`rest: ${method} ${path} crashed: ${JSON.stringify(httpError.body)}`);
      return {
        status: httpError.status,
        body: httpError.body,
        headers: { ...headers, ...httpError.headers },
      };
    }
  }

  private finish(record: RecordedRequest, started: number): void {
    record.durationMs = Date.now() - started;
    this.deps.requests.push(record);
    if (this.deps.requests.length > this.deps.maxRequests) {
      this.deps.requests.splice(0, Math.max(1, Math.floor(this.deps.maxRequests / 10)));
    }
    this.deps.world.changed();
  }

  private serveAttachment(pathname: string, res: ServerResponse): void {
    const id = pathname.split('/')[3] ?? '';
    const file = this.deps.attachmentFiles.get(id);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': String(file.data.length) });
    res.end(file.data);
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Route for unknown paths: ids replaced so tests can group them. */
function genericPath(segments: readonly string[]): string {
  return `/${segments.map((s) => (/^\d{17,19}$/.test(s) ? ':id' : s)).join('/')}`;
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
