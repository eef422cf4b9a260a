import { describe, expect, it } from 'vitest';
import { renderJoined, renderSendNowReport } from '../../src/discord/render/checkin-replies.js';
import type { CheckinConfig } from '../../src/domain/checkins/types.js';

const CHANNEL = '300000000000000001';
const config = (delivery: CheckinConfig['delivery']): CheckinConfig => ({
  guildId: '1',
  channelId: CHANNEL,
  schedule: { weekday: 'monday', time: '09:00', timezone: 'Europe/Paris', reminderLeadHours: 24 },
  delivery,
  activeSince: 0,
  updatedAt: 0,
  updatedBy: '100000000000000001',
});
const NEXT = new Date(Date.UTC(2026, 10, 23, 8));

describe('/checkin join reply', () => {
  it('a channel server: prompts come as a mention there, with the next prompt time', () => {
    const text = renderJoined({
      rejoined: false,
      config: config('channel'),
      welcome: undefined,
      nextPromptAt: NEXT,
    });
    expect(text).toContain('✅ You joined the weekly check-ins.');
    expect(text).toContain(`Your prompts will come as a mention in <#${CHANNEL}>.`);
    expect(text).toContain(`Next prompt: <t:${NEXT.getTime() / 1000}:F>`);
    expect(text).not.toContain('direct message');
  });

  it('closed DMs: the mention goes to the channel when there is one, else it says so plainly', () => {
    const set = renderJoined({
      rejoined: true,
      config: config('dm'),
      welcome: 'dm-closed',
      nextPromptAt: NEXT,
    });
    expect(set).toContain('Welcome back');
    expect(set).toContain(`I will mention you in <#${CHANNEL}> instead`);
    const unset = renderJoined({
      rejoined: false,
      config: undefined,
      welcome: 'dm-closed',
      nextPromptAt: undefined,
    });
    expect(unset).toContain('They are not scheduled in this server yet');
    expect(unset).toContain('a mention in the check-in channel');
    expect(unset).not.toContain('/checkin now');
  });
});

describe('/checkin-admin send-now reply', () => {
  it('counts what went out, naming failures and deliveries still going only when there are some', () => {
    const base = { sent: 3, skipped: 1, failed: 0, pending: 0, alreadyDone: false };
    expect(renderSendNowReport(base)).toBe("📨 This week's check-in is out: 3 sent, 1 on a break.");
    expect(renderSendNowReport({ ...base, failed: 2, pending: 4, alreadyDone: true })).toBe(
      "This week's round was already sent (3 sent, 1 on a break, 2 failed, 4 still going out). Nothing was sent twice.",
    );
  });
});
