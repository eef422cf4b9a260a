import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { populateErrorResponse, populateSuccessfulResponse } from '@discordjs/proxy';
import { REST, RESTEvents, type RequestMethod } from '@discordjs/rest';
import type { Logger } from '../logger.js';

export interface RestProxyOptions {
  /** Where requests go: Discord (https://discord.com/api) or, in tests and benches, the fake. */
  upstream: string;
  /** Discord's global limit for the bot, shared by every process behind this proxy. */
  globalRequestsPerSecond: number;
  port: number;
  host: string;
  logger: Logger;
}

export interface RestProxy {
  server: http.Server;
  /** http://host:port/api, the DISCORD_API_URL of the bot processes behind it. */
  apiUrl: string;
  close(): Promise<void>;
}

/**
 * Discord's own REST proxy (@discordjs/proxy) in front of every bot process: one @discordjs/rest instance
 * keeps the buckets and the global limit for all of them, so together they stay under Discord's limits.
 * Requests over a limit wait here (they are not refused back to the bot), and a 429 that still happens is
 * retried here after Retry-After. Failures are not retried (retries: 0): a send whose outcome is unknown
 * is the bot's to resolve, with its nonce and its look-up before a re-send. Each request keeps the bot's
 * own Authorization header; this process holds no token.
 *
 * Requests are forwarded as @discordjs/proxy's proxyRequests does, with one difference: the body is read
 * whole first. proxyRequests hands REST the request stream, which can be sent once only, so the retry
 * after a 429 went out with an empty body (bench:shards saw 400 50006 "Cannot send an empty message").
 */
export async function startRestProxy(options: RestProxyOptions): Promise<RestProxy> {
  const rest = new REST({
    api: options.upstream,
    globalRequestsPerSecond: options.globalRequestsPerSecond,
    retries: 0,
  });
  rest.on(RESTEvents.RateLimited, (info) =>
    options.logger.debug(
      { route: info.route, global: info.global, waitMs: info.timeToReset },
      'request held for a rate limit',
    ),
  );
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) =>
    forwardRequest(rest, req, res, options.logger);
  const server = http.createServer((req, res) => {
    // Answered here, never forwarded: the container's health check.
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    forward(req, res).catch((error: unknown) => {
      options.logger.error({ err: error, method: req.method }, 'proxying a request failed');
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    apiUrl: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function forwardRequest(
  rest: REST,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  logger: Logger,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const url = new URL(req.url ?? '/', 'http://proxy');
  const headers: Record<string, string> = {};
  const contentType = req.headers['content-type'];
  if (contentType) headers['Content-Type'] = contentType;
  if (req.headers.authorization) headers['authorization'] = req.headers.authorization;
  const reason = req.headers['x-audit-log-reason'];
  if (typeof reason === 'string') headers['x-audit-log-reason'] = reason;
  try {
    const response = await rest.queueRequest({
      fullRoute: url.pathname.replace(/^\/api(\/v\d+)?/, '') as `/${string}`,
      // Discord answers a method it does not know with 405 itself.
      method: (req.method ?? 'GET') as RequestMethod,
      body: body.length > 0 ? body : undefined,
      passThroughBody: true,
      // The bot's own Authorization header is forwarded as it came.
      auth: false,
      query: url.searchParams,
      headers,
    });
    await populateSuccessfulResponse(res, response);
  } catch (error) {
    if (!populateErrorResponse(res, error)) {
      // Not an answer from Discord (a network failure on the way): the bot treats it as an unknown outcome.
      logger.warn({ err: error, method: req.method }, 'a request could not be forwarded');
      res.statusCode = 502;
    }
  } finally {
    res.end();
  }
}
