import type { AutocompleteInteraction, SlashCommandSubcommandBuilder } from 'discord.js';
import { capitalize } from './render/format.js';
import { WEEKDAYS } from '../domain/time/weekday.js';
import { searchZones } from '../domain/time/zones.js';
import type { AppContext } from './context.js';
import { clip } from './render/theme.js';

/** The day, time and time-zone options every weekly schedule takes, worded for what starts then. */
export function addScheduleOptions(
  subcommand: SlashCommandSubcommandBuilder,
  what: string,
  timeExample: string,
): SlashCommandSubcommandBuilder {
  return subcommand
    .addStringOption((o) =>
      o
        .setName('day')
        .setDescription(`Day of the week ${what}`)
        .setRequired(true)
        .addChoices(...WEEKDAYS.map((day) => ({ name: capitalize(day), value: day }))),
    )
    .addStringOption((o) =>
      o.setName('time').setDescription(`24-hour time, e.g. ${timeExample}`).setRequired(true).setMaxLength(5),
    )
    .addStringOption((o) =>
      o
        .setName('timezone')
        .setDescription('Time zone the day and time are read in, e.g. Europe/Paris (type to search)')
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(64),
    );
}

/** Autocomplete for the `timezone` option: city names and zone ids, with their current UTC offset. */
export async function autocompleteTimeZone(
  interaction: AutocompleteInteraction,
  ctx: AppContext,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'timezone') return interaction.respond([]);
  const zones = searchZones(String(focused.value).slice(0, 100), ctx.clock.now(), 25);
  await interaction.respond(zones.map((zone) => ({ name: clip(zone.label, 100), value: zone.zone })));
}
