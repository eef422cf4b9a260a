import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { CheckinConfigRow } from '../../db/tables/checkins.js';
import { Colors } from './theme.js';

export interface ServerSettings {
  checkins: CheckinConfigRow | undefined;
  retentionDays: number;
  guildScoped: boolean;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function checkinSettingsField(checkins: CheckinConfigRow | undefined): APIEmbedField {
  return {
    name: '🗓️ Weekly check-ins',
    value: checkins
      ? [
          `Opens every **${capitalize(checkins.weekday)} at ${checkins.time}** (${checkins.timezone})`,
          `Channel: <#${checkins.channel_id}>`,
          `Prompts: ${checkins.delivery === 'dm' ? 'direct message (channel mention if DMs are closed)' : 'mention in the channel'}`,
          `Reminder: ${checkins.reminder_lead_hours} h before the week closes`,
          `Last changed ${checkins.updated_by ? `by <@${checkins.updated_by}> ` : ''}<t:${Math.floor(checkins.updated_at / 1000)}:R>`,
        ].join('\n')
      : 'Not set up. `/checkin-admin setup`',
  };
}

/** `/config show`: every setting of the server, for admins only. */
export function renderConfig(settings: ServerSettings, extra: readonly APIEmbedField[] = []): APIEmbed {
  return {
    title: '⚙️ Stepwise settings for this server',
    color: Colors.neutral,
    fields: [
      checkinSettingsField(settings.checkins),
      ...extra,
      {
        name: '🔒 Data',
        value: [
          `Members' data is deleted ${settings.retentionDays} days after Stepwise is removed from the server (unless it is added back).`,
          'Members can export or delete their own data with `/privacy`.',
        ].join('\n'),
      },
      {
        name: '🧩 Commands',
        value: settings.guildScoped
          ? 'Registered to this server only (development mode).'
          : 'Registered globally.',
      },
    ],
  };
}
