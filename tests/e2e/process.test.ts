import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../fake-discord/index.js';
import { runBotProcess } from '../../launch/process.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

function runBot(env: Record<string, string>) {
  const bot = runBotProcess(env);
  cleanups.push(() => bot.kill());
  return bot;
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-process-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs an npm script the way a user would (it builds dist/ first when the sources are newer). */
function npmRun(script: string, env: Record<string, string>): string {
  return execFileSync('npm', ['run', '--silent', script], {
    cwd: path.resolve(import.meta.dirname, '..', '..'),
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), npm_config_loglevel: 'error', ...env },
    encoding: 'utf8',
    stdio: 'pipe',
  });
}

describe('npm scripts from the built output', () => {
  it('npm run migrate applies the migrations once, then has nothing to do', () => {
    const file = path.join(tempDir(), 'migrate.sqlite');
    expect(npmRun('migrate', { DATABASE_PATH: file })).toMatch(/applied 2026_11_21_0001_guilds/);
    expect(npmRun('migrate', { DATABASE_PATH: file })).toMatch(/already up to date/);
  }, 120_000);

  it('npm run deploy-commands registers over REST without the gateway, once', async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const env = { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl };
    const first = await new Promise<string>((resolve, reject) =>
      execFile(
        'npm',
        ['run', '--silent', 'deploy-commands'],
        { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env } },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(first).toMatch(/Registered \d+ commands for every server \(global\)/);
    expect(fake.commands().map((c) => c.name)).toContain('roadmap');
    expect(fake.stats.identifies).toBe(0);
    const second = await new Promise<string>((resolve, reject) =>
      execFile(
        'npm',
        ['run', '--silent', 'deploy-commands'],
        { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env } },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(second).toMatch(/already up to date/);
  }, 120_000);
});

describe('the bot process', () => {
  it('without a token, explains how to get one and exits 1 without a stack trace', async () => {
    const { output, exit } = runBot({});
    expect(await exit).toBe(1);
    expect(output()).toMatch(/DISCORD_TOKEN: missing/);
    expect(output()).toMatch(/developers\/applications/);
    expect(output()).not.toMatch(/\n\s+at /);
  });

  it('logs in to a fake Discord, registers commands, answers /help and stops cleanly on SIGTERM', async () => {
    const fake: FakeDiscord = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const dir = tempDir();
    const { child, output, exit, waitForOutput } = runBot({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: path.join(dir, 'bot.sqlite'),
    });
    await waitForOutput(/Stepwise is running/);
    expect(fake.commands().map((c) => c.name)).toContain('help');

    const member = fake.guild.members[0]!;
    const help = await fake.slash({ user: member.id, name: 'help' });
    await help.response();
    expect(JSON.stringify(help.message().embeds)).toContain('/roadmap');

    // While it runs, writes go to the write-ahead log beside the database.
    const file = path.join(dir, 'bot.sqlite');
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);

    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output()).toMatch(/"msg":"stopped"/);
    // A clean close checkpoints the WAL into the database and removes it: nothing is left to recover, and a
    // copy of the .sqlite file alone is the whole database.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const migrations = db.prepare('select count(*) as n from kysely_migration').get() as { n: number };
    expect(migrations.n).toBeGreaterThan(0);
    db.close();
  });

  it('refuses to start when a migration fails, naming it', async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const dir = tempDir();
    const file = path.join(dir, 'broken.sqlite');
    const db = new Database(file);
    db.exec('create table guild (unexpected integer)');
    db.close();
    const { output, exit } = runBot({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: file,
    });
    expect(await exit).toBe(1);
    expect(output()).toMatch(/could not start: Database migration "2026_11_21_0001_guilds" failed/);
    expect(fake.stats.identifies).toBe(0);
  });
});
