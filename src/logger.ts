import { pino, type Logger, type DestinationStream } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/**
 * Logs are read by whoever runs the bot, so they must never hold what would let someone act as the bot or
 * read a member's words. A failed Discord request carries both: its `url` holds the interaction token
 * (`/interactions/{id}/{token}/callback`, `/webhooks/{app}/{token}/…`: enough to post as the bot for 15
 * minutes) and its `requestBody` holds the reply (an export file, check-in answers, feedback). Everything
 * logged therefore goes through `sanitise` below, in pino's `formatters.log` hook, so no call site can
 * bypass it: errors become { type, message, code, status, method, route, stack } with ids and tokens
 * redacted from the route, and bodies, content and tokens are dropped wherever they appear.
 */

/** Keys whose values are message content, request bodies or secrets: never logged. */
const DROPPED_KEYS = new Set([
  'requestBody',
  'rawError',
  'body',
  'files',
  'headers',
  'authorization',
  'token',
  'content',
  'embeds',
  'components',
  'answers',
  'answer',
  'feedback',
]);

const MAX_DEPTH = 4;

/** Webhook and interaction urls carry the token right after the id. */
const TOKEN_IN_PATH = /\/(interactions|webhooks)\/(\d+|:id)\/[^/?#\s"']+/g;
/** A bot token (three dot-separated base64url parts). */
const BOT_TOKEN = /[\w-]{20,}\.[\w-]{5,}\.[\w-]{20,}/g;
/** Any other long opaque run (real interaction tokens are ~200 characters of base64url). */
const LONG_OPAQUE = /[A-Za-z0-9_-]{60,}/g;

/** Removes tokens from free-form text such as an error message or a stack. */
export function redactText(text: string): string {
  return text
    .replace(TOKEN_IN_PATH, '/$1/$2/:token')
    .replace(BOT_TOKEN, '[redacted]')
    .replace(LONG_OPAQUE, '[redacted]');
}

/** `https://discord.com/api/v10/interactions/123/abc/callback?x` → `/interactions/:id/:token/callback`. */
export function redactRoute(url: string): string {
  let path = url;
  try {
    // @discordjs/rest encodes `@original` as `%40original`; show the route as Discord documents it.
    path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    path = url.split('?')[0] ?? '';
  }
  return redactText(path.replace(/^\/api(\/v\d+)?/, '').replace(/\/\d{5,}(?=\/|$)/g, '/:id'));
}

interface ErrorFields {
  code?: unknown;
  status?: unknown;
  method?: unknown;
  url?: unknown;
  kind?: unknown;
  cause?: unknown;
}

function summariseError(error: Error, depth: number): Record<string, unknown> {
  const fields = error as Error & ErrorFields;
  const summary: Record<string, unknown> = {
    type: error.constructor?.name || error.name,
    message: redactText(String(error.message)),
  };
  if (typeof fields.code === 'string' || typeof fields.code === 'number') summary.code = fields.code;
  if (typeof fields.status === 'number') summary.status = fields.status;
  if (typeof fields.method === 'string') summary.method = fields.method;
  if (typeof fields.url === 'string') summary.route = redactRoute(fields.url);
  if (typeof fields.kind === 'string') summary.kind = fields.kind;
  if (error.stack) summary.stack = redactText(error.stack);
  if (fields.cause !== undefined && depth < MAX_DEPTH) summary.cause = sanitise(fields.cause, depth + 1);
  return summary;
}

/** What may be logged of any value: errors summarised, strings redacted, bodies and content dropped. */
export function sanitise(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return summariseError(value, depth);
  if (depth >= MAX_DEPTH) return '[nested]';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => sanitise(item, depth + 1));
  if (value instanceof Map || value instanceof Set) return `[${value.constructor.name} of ${value.size}]`;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (DROPPED_KEYS.has(key)) continue;
    out[key] = sanitise(item, depth + 1);
  }
  return out;
}

/** Structured JSON logs on stdout; tests pass their own stream to read them back. */
export function createLogger(level: Config['LOG_LEVEL'], destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'stepwise' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        log: (object) => sanitise(object) as Record<string, unknown>,
        bindings: (bindings) => sanitise(bindings) as Record<string, unknown>,
      },
      // pino applies these after `formatters.log`; they only make sure nothing re-expands an error.
      serializers: { err: (value: unknown) => sanitise(value), msg: (value: unknown) => sanitise(value) },
    },
    destination,
  );
}
