import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { CheckinConfig } from '../../domain/checkins/types.js';
import type { InterviewConfig } from '../../domain/interviews/types.js';
import { scheduleLine } from './interviews.js';
import { capitalize, timestamp } from './format.js';
import { Colors } from './theme.js';

export interface ServerSettings {
  checkins: CheckinConfig | undefined;
  interviews: InterviewConfig | undefined;
  retentionDays: number;
  guildScoped: boolean;
}

export function checkinSettingsField(checkins: CheckinConfig | undefined): APIEmbedField {
  return {
    name: '🗓️ Weekly check-ins',
    value: checkins
      ? [
          `Opens every **${capitalize(checkins.schedule.weekday)} at ${checkins.schedule.time}** (${checkins.schedule.timezone})`,
          `Channel: <#${checkins.channelId}>`,
          `Prompts: ${checkins.delivery === 'dm' ? 'direct message (channel mention if DMs are closed)' : 'mention in the channel'}`,
          `Reminder: ${checkins.schedule.reminderLeadHours} h before the week closes`,
          lastChanged(checkins.updatedBy, checkins.updatedAt),
        ].join('\n')
      : 'Not set up. `/checkin-admin setup`',
  };
}

const lastChanged = (by: string | null, at: Date | number) =>
  `Last changed ${by ? `by <@${by}> ` : ''}${timestamp(at, 'R')}`;

export function interviewSettingsField(interviews: InterviewConfig | undefined): APIEmbedField {
  return {
    name: '🎤 Mock interviews',
    value: interviews
      ? [
          `Rounds: ${scheduleLine(interviews)}`,
          `Channel: <#${interviews.channelId}> (private threads are made there)`,
          lastChanged(interviews.updatedBy, interviews.updatedAt),
        ].join('\n')
      : 'Not set up. `/interview-admin setup`',
  };
}

/** `/config show`: every setting of the server, for admins only. */
export function renderConfig(settings: ServerSettings, extra: readonly APIEmbedField[] = []): APIEmbed {
  return {
    title: '⚙️ Stepwise settings for this server',
    color: Colors.neutral,
    fields: [
      checkinSettingsField(settings.checkins),
      interviewSettingsField(settings.interviews),
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
