import http from 'node:http';
import { Status, type Client } from 'discord.js';
import type { Kysely } from 'kysely';
import { pingDatabase } from './db/connection.js';
import type { Database } from './db/database.js';
import { dialectOf, type DialectName } from './db/dialect.js';
import type { InstanceRole } from './instance/lease.js';
import type { ShardLeases, ShardRole } from './instance/shard-leases.js';

type LeaseView = Pick<ShardLeases, 'owner' | 'role' | 'shards' | 'scope'>;

export interface HealthReport {
  status: 'ok' | 'degraded';
  gateway: { status: string; ready: boolean; pingMs: number };
  /** One object per concern, so more (active/standby, shards) can be added beside these. */
  database: { dialect: DialectName; ok: boolean; error?: string };
  /**
   * A standby is healthy: it waits for the active instance's lease and answers nothing meanwhile. The role
   * is active when this process serves at least one of its shards; `shards` says which.
   */
  instance: { id: string; role: InstanceRole };
  /** The shards this process connected (of `count` in all), each active or standby. */
  shards: { count: number; held: ShardRole[] };
  uptimeS: number;
}

export async function checkHealth(
  client: Client,
  db: Kysely<Database>,
  lease: LeaseView,
): Promise<HealthReport> {
  const dialect = dialectOf(db);
  let database: HealthReport['database'] = { dialect, ok: true };
  try {
    await pingDatabase(db);
  } catch {
    // The raw message may name files, hosts or SQL; whoever can reach the endpoint learns only this.
    database = { dialect, ok: false, error: 'the database did not answer' };
  }
  const ready = client.isReady() && client.ws.status === Status.Ready;
  return {
    status: ready && database.ok ? 'ok' : 'degraded',
    gateway: { status: Status[client.ws.status] ?? String(client.ws.status), ready, pingMs: client.ws.ping },
    database,
    instance: { id: lease.owner, role: lease.role },
    shards: { count: lease.scope.count, held: lease.shards() },
    uptimeS: Math.round(process.uptime()),
  };
}

/**
 * `GET /health`: 200 when the gateway is ready and the database answers, 503 otherwise. Listens on
 * 127.0.0.1 unless HEALTH_HOST says otherwise (a container probe from outside needs 0.0.0.0).
 */
export function startHealthServer(
  port: number,
  client: Client,
  db: Kysely<Database>,
  lease: LeaseView,
  host = '127.0.0.1',
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url !== '/health' && req.url !== '/healthz')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    checkHealth(client, db, lease)
      .then((report) => {
        res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(report));
      })
      .catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
