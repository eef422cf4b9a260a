import { setTimeout as sleep } from 'node:timers/promises';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { APIMessage } from 'discord-api-types/v10';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeDiscord } from '../../fake-discord/index.js';
import type { FakeDiscord, FakeDiscordOptions } from '../../fake-discord/index.js';

let fake: FakeDiscord | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  fake = await startFakeDiscord({ memberCount: 2, ...options });
  return fake;
}

async function post(
  f: FakeDiscord,
  channel: string,
  body: Record<string, unknown>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${f.restUrl}/channels/${f.channel(channel).id}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bot ${f.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const createsIn = (f: FakeDiscord, channelId: string): number =>
  f.requests.filter((r) => r.route === '/channels/:channelId/messages' && r.path.includes(channelId)).length;

describe('enforce_nonce on message create', () => {
  it('returns the first message for a repeated nonce in the same channel, without a second post', async () => {
    const f = await start();
    const first = await post(f, 'accountability', {
      content: 'one',
      nonce: 'ci:w1:summary',
      enforce_nonce: true,
    });
    const retry = await post(f, 'accountability', {
      content: 'one again',
      nonce: 'ci:w1:summary',
      enforce_nonce: true,
    });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.json['id']).toBe(first.json['id']);
    expect(retry.json['content']).toBe('one');
    expect(retry.json['nonce']).toBe('ci:w1:summary');
    expect(f.messagesIn('accountability').map((m) => m.content)).toEqual(['one']);
    expect(createsIn(f, f.channel('accountability').id)).toBe(2);
  });

  it('works through discord.js REST, as the bot sends', async () => {
    const f = await start();
    const rest = new REST({ api: f.apiUrl }).setToken(f.token);
    const route = Routes.channelMessages(f.channel('general').id);
    const body = { content: 'hello', nonce: 'n-1', enforce_nonce: true };
    const a = (await rest.post(route, { body })) as APIMessage;
    const b = (await rest.post(route, { body })) as APIMessage;
    expect(b.id).toBe(a.id);
    expect(f.messagesIn('general')).toHaveLength(1);
  });

  it('creates a new message without enforce_nonce, in another channel, or with another nonce', async () => {
    const f = await start();
    const a = await post(f, 'general', { content: 'a', nonce: 'same' });
    const b = await post(f, 'general', { content: 'b', nonce: 'same' });
    expect(b.json['id']).not.toBe(a.json['id']);
    const c = await post(f, 'general', { content: 'c', nonce: 'same', enforce_nonce: true });
    const d = await post(f, 'interviews', { content: 'd', nonce: 'same', enforce_nonce: true });
    const e = await post(f, 'general', { content: 'e', nonce: 'other', enforce_nonce: true });
    expect(new Set([a, b, c, d, e].map((r) => r.json['id'])).size).toBe(5);
    // enforce_nonce without a nonce is simply ignored.
    const g = await post(f, 'general', { content: 'g', enforce_nonce: true });
    const h = await post(f, 'general', { content: 'g', enforce_nonce: true });
    expect(h.json['id']).not.toBe(g.json['id']);
    expect(f.messagesIn('general')).toHaveLength(6);
  });

  it('remembers the nonce for about 5 minutes by default', async () => {
    const f = await start();
    const t0 = Date.now();
    const now = vi.spyOn(Date, 'now');
    now.mockReturnValue(t0);
    const first = await post(f, 'general', { content: 'x', nonce: 7, enforce_nonce: true });
    now.mockReturnValue(t0 + 4 * 60_000 + 59_000);
    const within = await post(f, 'general', { content: 'x', nonce: 7, enforce_nonce: true });
    now.mockReturnValue(t0 + 5 * 60_000 + 1_000);
    const after = await post(f, 'general', { content: 'x', nonce: 7, enforce_nonce: true });
    expect(within.json['id']).toBe(first.json['id']);
    expect(after.status).toBe(200);
    expect(after.json['id']).not.toBe(first.json['id']);
  });

  it('times the window on the fake clock the test moves, not on the real one', async () => {
    const f = await start();
    let now = Date.parse('2026-11-16T08:00:00Z');
    f.useClock(() => now);
    const first = await post(f, 'general', { content: 'x', nonce: 'moved', enforce_nonce: true });
    now += 60_000;
    const within = await post(f, 'general', { content: 'x', nonce: 'moved', enforce_nonce: true });
    now += 15 * 60_000;
    const after = await post(f, 'general', { content: 'x', nonce: 'moved', enforce_nonce: true });
    expect(within.json['id']).toBe(first.json['id']);
    expect(after.json['id']).not.toBe(first.json['id']);
    expect(f.messagesIn('general')).toHaveLength(2);
  });

  it('answers the nonce when creating, never when messages are read (as Discord)', async () => {
    const f = await start();
    const created = await post(f, 'general', { content: 'x', nonce: 'read-me', enforce_nonce: true });
    expect(created.json['nonce']).toBe('read-me');
    const list = (await (
      await fetch(`${f.restUrl}/channels/${f.channel('general').id}/messages?limit=10`, {
        headers: { Authorization: `Bot ${f.token}` },
      })
    ).json()) as Array<Record<string, unknown>>;
    expect(list.map((m) => m['id'])).toEqual([created.json['id']]);
    expect(list[0]).not.toHaveProperty('nonce');
    const one = (await (
      await fetch(`${f.restUrl}/channels/${f.channel('general').id}/messages/${String(created.json['id'])}`, {
        headers: { Authorization: `Bot ${f.token}` },
      })
    ).json()) as Record<string, unknown>;
    expect(one).not.toHaveProperty('nonce');
  });

  it('a lost answer (failNext afterHandling + disconnect): Discord created the message, the caller never hears', async () => {
    const f = await start();
    f.failNext({
      method: 'POST',
      route: '/channels/:id/messages',
      status: 500,
      disconnect: true,
      afterHandling: true,
    });
    await expect(post(f, 'general', { content: 'lost', nonce: 'l', enforce_nonce: true })).rejects.toThrow();
    expect(f.messagesIn('general').map((m) => m.content)).toEqual(['lost']);
    expect(f.requests.at(-1)).toMatchObject({ injected: 'lostAnswer', status: 200 });
    // A 5xx after acting: the message exists too.
    f.failNext({ method: 'POST', route: '/channels/:id/messages', status: 502, afterHandling: true });
    expect((await post(f, 'general', { content: 'five' })).status).toBe(502);
    expect(f.messagesIn('general').map((m) => m.content)).toEqual(['lost', 'five']);
  });

  it('honours the nonceWindowMs option', async () => {
    const f = await start({ nonceWindowMs: 40 });
    const first = await post(f, 'general', { content: 'x', nonce: 'n', enforce_nonce: true });
    await sleep(80);
    const later = await post(f, 'general', { content: 'x', nonce: 'n', enforce_nonce: true });
    expect(later.json['id']).not.toBe(first.json['id']);
  });

  it('answers Unknown Message when the first message was deleted since', async () => {
    const f = await start();
    const first = await post(f, 'general', { content: 'x', nonce: 'gone', enforce_nonce: true });
    const del = await fetch(
      `${f.restUrl}/channels/${f.channel('general').id}/messages/${String(first.json['id'])}`,
      {
        method: 'DELETE',
        headers: { Authorization: `Bot ${f.token}` },
      },
    );
    expect(del.status).toBe(204);
    const retry = await post(f, 'general', { content: 'x', nonce: 'gone', enforce_nonce: true });
    expect(retry.status).toBe(404);
    expect(retry.json['code']).toBe(10008);
  });

  it('validates nonce and enforce_nonce like Discord', async () => {
    const f = await start();
    expect(
      (await post(f, 'general', { content: 'x', nonce: 'n'.repeat(25), enforce_nonce: true })).status,
    ).toBe(200);
    const long = await post(f, 'general', { content: 'x', nonce: 'n'.repeat(26), enforce_nonce: true });
    expect(long.status).toBe(400);
    expect(long.json).toMatchObject({
      code: 50035,
      errors: { nonce: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
    const float = await post(f, 'general', { content: 'x', nonce: 1.5 });
    expect(float.json).toMatchObject({
      code: 50035,
      errors: { nonce: { _errors: [{ code: 'NONCE_TYPE_INVALID' }] } },
    });
    const flag = await post(f, 'general', { content: 'x', nonce: 'n', enforce_nonce: 'yes' });
    expect(flag.json).toMatchObject({ code: 50035, errors: { enforce_nonce: {} } });
    expect(f.messagesIn('general')).toHaveLength(1);
  });

  it('refuses an invalid retry even when its nonce is known', async () => {
    const f = await start();
    await post(f, 'general', { content: 'x', nonce: 'v', enforce_nonce: true });
    const bad = await post(f, 'general', { content: 'x'.repeat(2001), nonce: 'v', enforce_nonce: true });
    expect(bad.status).toBe(400);
    expect(bad.json['code']).toBe(50035);
  });
});
