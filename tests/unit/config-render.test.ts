import { describe, expect, it } from 'vitest';
import { renderConfig } from '../../src/discord/render/config.js';

const CHANNEL = '300000000000000001';
const ADMIN = '100000000000000001';

describe('/config show', () => {
  it('shows every setting of every feature: check-ins, mock interviews, data and commands', () => {
    const embed = renderConfig({
      checkins: {
        guildId: '1',
        channelId: CHANNEL,
        schedule: { weekday: 'monday', time: '09:00', timezone: 'Europe/Paris', reminderLeadHours: 24 },
        delivery: 'dm',
        activeSince: 0,
        updatedAt: 1_000_000,
        updatedBy: ADMIN,
      },
      interviews: {
        guildId: '1',
        channelId: CHANNEL,
        weekday: 'friday',
        time: '18:00',
        timezone: 'America/New_York',
        cadence: 'biweekly',
        anchorKey: '2026-11-20',
        activeSince: 0,
        updatedAt: 2_000_000,
        updatedBy: ADMIN,
      },
      retentionDays: 30,
      guildScoped: false,
    });
    const text = (embed.fields ?? []).map((f) => `${f.name}\n${f.value}`).join('\n');
    expect(text).toContain('Opens every **Monday at 09:00** (Europe/Paris)');
    expect(text).toContain('Reminder: 24 h before the week closes');
    expect(text).toMatch(/Rounds: .*Friday at 18:00 \(America\/New_York\)/);
    expect(text).toContain(`Channel: <#${CHANNEL}> (private threads are made there)`);
    expect(text).toContain(`Last changed by <@${ADMIN}> <t:2000:R>`);
    expect(text).toContain('30 days after Stepwise is removed');
    expect(text).toContain('Registered globally.');
  });
});
