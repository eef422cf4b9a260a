import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  guildIdOnShard,
  startFakeDiscord,
  type FakeDiscord,
  type FakeGuild,
} from '../../fake-discord/index.js';
import { isCheckinPrompt, seedCheckinsToday } from '../../launch/checkins-today.js';
import {
  freePort,
  runBotProcess,
  runNodeProcess,
  type BotProcess,
  type Cleanups,
} from '../../launch/process.js';
import { postgresUrlFor } from '../support/databases.js';

/**
 * Two bot processes on shards 0 and 1 of 2, sharing PostgreSQL and one REST proxy (@discordjs/proxy),
 * against the fake Discord with one server per shard; a third process waits as the standby of shard 1.
 * Runs in the `postgres` project only (vitest.config.ts): without a server it is left out with the rest.
 */

const cleanups: Cleanups = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const MEMBERS = 48;
/** Short leases so the standby's take-over fits the test; production uses 15 s. */
const LEASE_SECONDS = '4';

interface Health {
  status: string;
  instance: { role: string };
  shards: { count: number; held: { id: number; role: string }[] };
}

function start(env: Record<string, string>, entry?: string): BotProcess {
  const child = entry
    ? runNodeProcess({ LOG_LEVEL: 'info', ...env }, ['--import', 'tsx', entry])
    : runBotProcess({ LOG_LEVEL: 'info', ...env });
  cleanups.push(() => child.kill());
  return child;
}

async function health(port: number): Promise<Health> {
  return (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Health;
}

const promptsTo = (fake: FakeDiscord, userId: string) => fake.dmsTo(userId).filter(isCheckinPrompt);
const promptedIn = (fake: FakeDiscord, guild: FakeGuild) =>
  guild.members.filter((m) => promptsTo(fake, m.id).length > 0).length;

/** The servers a process ran rounds for and answered interactions in, read from its log lines. */
function guildsServedBy(output: string): Set<string> {
  const served = new Set<string>();
  for (const line of output.split('\n')) {
    if (!/"msg":"(interaction|check-in phase due)"/.test(line)) continue;
    const guildId = /"guildId":"(\d+)"/.exec(line)?.[1];
    if (guildId) served.add(guildId);
  }
  return served;
}

describe('two shards on PostgreSQL behind one REST proxy', () => {
  it("each server is served by its own shard's process only; kill -9 one and its standby finishes the round, nothing twice", async () => {
    const fake = await startFakeDiscord({
      guilds: [
        { id: guildIdOnShard(0, 2), name: 'Shard zero server', memberCount: MEMBERS },
        { id: guildIdOnShard(1, 2), name: 'Shard one server', memberCount: MEMBERS },
      ],
    });
    cleanups.push(() => fake.close());
    const [zero, one] = fake.guilds as [FakeGuild, FakeGuild];

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-shards-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const databaseUrl = await postgresUrlFor(dataDir);
    await seedCheckinsToday({ DATABASE_URL: databaseUrl }, [zero, one], 'always');

    const proxyPort = await freePort();
    const proxy = start({ DISCORD_API_URL: fake.apiUrl, PROXY_PORT: String(proxyPort) }, 'src/cli/proxy.ts');
    await proxy.waitForOutput(/REST proxy listening/);

    // Slow Discord's answers (after it has acted), so the kill lands in the middle of shard 1's round.
    fake.delayNext({
      method: 'POST',
      route: '/channels/:id/messages',
      count: 10_000,
      ms: 300,
      afterHandling: true,
    });

    const ports = [await freePort(), await freePort(), await freePort()] as const;
    const botEnv = (shardId: number, port: number) => ({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: `http://127.0.0.1:${proxyPort}/api`,
      DATABASE_URL: databaseUrl,
      SHARD_COUNT: '2',
      SHARD_IDS: String(shardId),
      HEALTH_PORT: String(port),
      INSTANCE_LEASE_SECONDS: LEASE_SECONDS,
    });
    const shard0 = start(botEnv(0, ports[0]));
    const shard1 = start(botEnv(1, ports[1]));
    await shard0.waitForOutput(/"msg":"instance is active"/, 30_000);
    await shard1.waitForOutput(/"msg":"instance is active"/, 30_000);
    // Shard 1's standby: connected to the gateway (so it receives shard 1's interactions too), doing nothing.
    const standby = start(botEnv(1, ports[2]));
    await standby.waitForOutput(/standing by/, 30_000);

    expect(await health(ports[0])).toMatchObject({
      status: 'ok',
      shards: { count: 2, held: [{ id: 0, role: 'active' }] },
    });
    expect((await health(ports[1])).shards.held).toEqual([{ id: 1, role: 'active' }]);
    expect(await health(ports[2])).toMatchObject({
      status: 'ok',
      instance: { role: 'standby' },
      shards: { held: [{ id: 1, role: 'standby' }] },
    });

    // A command in each server: Discord delivers it to that server's shard only, and the lease picks one.
    const helpZero = await fake.slash({ user: zero.members[0]!.id, name: 'help', guildId: zero.id });
    const helpOne = await fake.slash({ user: one.members[0]!.id, name: 'help', guildId: one.id });
    await helpZero.response(15_000);
    await helpOne.response(15_000);

    await fake.waitFor(
      () => (promptedIn(fake, one) >= 6 ? true : undefined),
      'six prompts in shard 1 server',
      60_000,
    );
    shard1.kill('SIGKILL');
    await shard1.exit;
    await standby.waitForOutput(/"msg":"instance is active"/, 30_000);
    expect((await health(ports[2])).shards.held).toEqual([{ id: 1, role: 'active' }]);

    await fake.waitFor(
      () => (promptedIn(fake, zero) === MEMBERS && promptedIn(fake, one) === MEMBERS ? true : undefined),
      'a prompt for every member of both servers',
      90_000,
    );
    const status = await fake.slash({
      user: one.members[1]!.id,
      name: 'checkin',
      subcommand: 'status',
      guildId: one.id,
    });
    await status.response(15_000);
    // Give a duplicate, if any were coming, the time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    for (const member of [...zero.members, ...one.members])
      expect(promptsTo(fake, member.id), member.username).toHaveLength(1);
    for (const handle of [helpZero, helpOne, status]) expect(handle.attempts()).toHaveLength(1);

    // Each process served its own shard's server and nothing else; the standby nothing before taking over.
    expect([...guildsServedBy(shard0.output())]).toEqual([zero.id]);
    expect([...guildsServedBy(shard1.output())]).toEqual([one.id]);
    const standbyBefore = standby.output().split('"msg":"instance is active"')[0]!;
    expect(guildsServedBy(standbyBefore).size).toBe(0);
    expect([...guildsServedBy(standby.output())]).toEqual([one.id]);

    // Every request reached Discord through the proxy (the bots' own requests carry discord.js's agent).
    const requests = fake.requests;
    expect(requests.length).toBeGreaterThan(2 * MEMBERS);
    expect(requests.filter((r) => (r.headers['user-agent'] ?? '').includes('discord.js/'))).toEqual([]);

    for (const bot of [shard0, standby]) bot.kill('SIGTERM');
    expect(await shard0.exit).toBe(0);
    expect(await standby.exit).toBe(0);
  }, 240_000);
});
