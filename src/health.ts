import http from 'node:http';
import { Status, type Client } from 'discord.js';
import type { Kysely } from 'kysely';
import { pingDatabase } from './db/connection.js';
import type { Database } from './db/database.js';
import { dialectOf, type DialectName } from './db/dialect.js';

export interface HealthReport {
  status: 'ok' | 'degraded';
  gateway: { status: string; ready: boolean; pingMs: number };
  /** One object per concern, so more (active/standby, shards) can be added beside these. */
  database: { dialect: DialectName; ok: boolean; error?: string };
  uptimeS: number;
}

export async function checkHealth(client: Client, db: Kysely<Database>): Promise<HealthReport> {
  const dialect = dialectOf(db);
  let database: HealthReport['database'] = { dialect, ok: true };
  try {
    await pingDatabase(db);
  } catch (error) {
    database = { dialect, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const ready = client.isReady() && client.ws.status === Status.Ready;
  return {
    status: ready && database.ok ? 'ok' : 'degraded',
    gateway: { status: Status[client.ws.status] ?? String(client.ws.status), ready, pingMs: client.ws.ping },
    database,
    uptimeS: Math.round(process.uptime()),
  };
}

/** `GET /health`: 200 when the gateway is ready and the database answers, 503 otherwise. */
export function startHealthServer(port: number, client: Client, db: Kysely<Database>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url !== '/health' && req.url !== '/healthz')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    checkHealth(client, db)
      .then((report) => {
        res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(report));
      })
      .catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
