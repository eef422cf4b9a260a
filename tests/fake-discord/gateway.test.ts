import { createInflate, constants as zlibConstants } from 'node:zlib';
import type { Client } from 'discord.js';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { guildIdOnShard, startFakeDiscord } from '../../fake-discord/index.js';
import type { FakeDiscord } from '../../fake-discord/index.js';
import { loginClient } from './test-helpers.js';

let fake: FakeDiscord | undefined;
let client: Client | undefined;
let second: Client | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await client?.destroy();
  await second?.destroy();
  await fake?.close();
  client = undefined;
  second = undefined;
  fake = undefined;
});

/** A raw gateway client: JSON frames in, closes recorded. */
function connect(
  url: string,
): Promise<{ ws: WebSocket; frames: Record<string, unknown>[]; closed: Promise<number> }> {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, closed }));
    ws.once('error', reject);
  });
}

describe('gateway protocol', () => {
  it('sends HELLO, acks heartbeats, closes 4004 on a wrong token', async () => {
    fake = await startFakeDiscord({ heartbeatInterval: 1000 });
    const { ws, frames, closed } = await connect(`${fake.gatewayUrl}/?v=10&encoding=json`);
    await fake.waitFor(() => frames[0], 'HELLO');
    expect(frames[0]).toMatchObject({ op: 10, d: { heartbeat_interval: 1000 } });
    ws.send(JSON.stringify({ op: 1, d: null }));
    await fake.waitFor(() => frames[1], 'heartbeat ACK');
    expect(frames[1]).toMatchObject({ op: 11 });
    ws.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } }));
    expect(await closed).toBe(4004);
  });

  it('closes 4014 for privileged intents not enabled', async () => {
    fake = await startFakeDiscord({ allowedPrivilegedIntents: 0 });
    const { ws, closed } = await connect(`${fake.gatewayUrl}/?v=10&encoding=json`);
    ws.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1 | 2, properties: {} } }));
    expect(await closed).toBe(4014);
  });

  it('answers an unknown RESUME with op 9 false', async () => {
    fake = await startFakeDiscord();
    const { ws, frames } = await connect(`${fake.gatewayUrl}/resume?v=10&encoding=json`);
    ws.send(JSON.stringify({ op: 6, d: { token: fake.token, session_id: 'nope', seq: 3 } }));
    await fake.waitFor(() => frames.find((f) => f['op'] === 9), 'op 9');
    expect(frames.find((f) => f['op'] === 9)).toMatchObject({ d: false });
  });

  it('speaks zlib-stream when asked (for clients with zlib-sync)', async () => {
    fake = await startFakeDiscord();
    const ws = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json&compress=zlib-stream`);
    sockets.push(ws);
    const inflate = createInflate({ flush: zlibConstants.Z_SYNC_FLUSH });
    const texts: string[] = [];
    inflate.on('data', (chunk: Buffer) => texts.push(chunk.toString()));
    ws.on('message', (data: Buffer) => {
      expect(data.subarray(-4).equals(Buffer.from([0, 0, 0xff, 0xff]))).toBe(true);
      inflate.write(data);
    });
    const hello = await fake.waitFor(
      () => (texts.length > 0 ? texts.join('') : undefined),
      'compressed HELLO',
    );
    expect(JSON.parse(hello)).toMatchObject({ op: 10 });
  });

  it('makes a discord.js client resume on op 7 and on a zombie connection', async () => {
    fake = await startFakeDiscord({ heartbeatInterval: 150 });
    client = await loginClient(fake);
    fake.requestReconnect();
    await fake.waitForResume();
    fake.setHeartbeatAck(false);
    await fake.waitForResume();
    fake.setHeartbeatAck(true);
    expect(fake.stats.identifies).toBe(1);
    expect(fake.stats.heartbeats).toBeGreaterThan(0);
  });
});

describe('sharding', () => {
  const twoServers = () => ({
    guilds: [
      { id: guildIdOnShard(0, 2), name: 'Shard zero' },
      { id: guildIdOnShard(1, 2), name: 'Shard one' },
    ],
  });

  it('routes each server to the sessions of shard (guild_id >> 22) % count, at READY and after', async () => {
    fake = await startFakeDiscord(twoServers());
    const [zero, one] = fake.guilds;
    client = await loginClient(fake, { shards: [0], shardCount: 2 });
    second = await loginClient(fake, { shards: [1], shardCount: 2 });
    expect([...client.guilds.cache.keys()]).toEqual([zero!.id]);
    expect([...second.guilds.cache.keys()]).toEqual([one!.id]);

    const seen: string[] = [];
    client.on('interactionCreate', (i) => seen.push(`0:${i.guildId}`));
    second.on('interactionCreate', (i) => seen.push(`1:${i.guildId}`));
    await fake.slash({ user: zero!.ownerId, name: 'help', guildId: zero!.id });
    await fake.slash({ user: one!.ownerId, name: 'help', guildId: one!.id });
    await fake.waitFor(() => (seen.length >= 2 ? true : undefined), 'both interactions');
    expect(seen.sort()).toEqual([`0:${zero!.id}`, `1:${one!.id}`]);
  });

  it('gives an unsharded session every server, and recommends shards in GET /gateway/bot', async () => {
    fake = await startFakeDiscord({ ...twoServers(), recommendedShards: 2 });
    const gateway = (await (
      await fetch(`${fake.restUrl}/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } })
    ).json()) as { shards: number };
    expect(gateway.shards).toBe(2);
    client = await loginClient(fake);
    expect(client.guilds.cache.size).toBe(2);
  });

  it("connects every recommended shard with discord.js's shards: 'auto'", async () => {
    fake = await startFakeDiscord({ ...twoServers(), recommendedShards: 2 });
    client = await loginClient(fake, { shards: 'auto' }, 20_000);
    expect(client.options.shardCount).toBe(2);
    expect([...client.ws.shards.keys()].sort()).toEqual([0, 1]);
    expect(client.guilds.cache.size).toBe(2);
  }, 30_000);

  it('closes 4010 for an invalid shard and 4011 when one shard would hold too many servers', async () => {
    fake = await startFakeDiscord({ ...twoServers(), maxGuildsPerShard: 1 });
    const identify = async (shard: unknown): Promise<number> => {
      const { ws, closed } = await connect(`${fake!.gatewayUrl}/?v=10&encoding=json`);
      ws.send(JSON.stringify({ op: 2, d: { token: fake!.token, intents: 1, properties: {}, shard } }));
      return closed;
    };
    expect(await identify([2, 2])).toBe(4010);
    expect(await identify([0])).toBe(4010);
    expect(await identify([0, 1])).toBe(4011);
  });
});
