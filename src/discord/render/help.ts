import {
  ApplicationCommandOptionType,
  type APIApplicationCommandOption,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { clip, Colors, FOOTER } from './theme.js';

const INTRO =
  'Stepwise helps you land your first backend-developer job: follow the roadmap step by step, check in ' +
  'with the community every week, and practise behavioural interviews in pairs.';

/** `/name sub option:<option> [optional:<optional>]` lines for one command, from its own definition. */
export function usageLines(command: RESTPostAPIChatInputApplicationCommandsJSONBody): string[] {
  const options = command.options ?? [];
  const subs = options.filter(
    (o) =>
      o.type === ApplicationCommandOptionType.Subcommand ||
      o.type === ApplicationCommandOptionType.SubcommandGroup,
  );
  if (subs.length === 0) return [line(`/${command.name}`, options, command.description)];
  return subs.flatMap((sub) =>
    sub.type === ApplicationCommandOptionType.SubcommandGroup
      ? (sub.options ?? []).map((leaf) =>
          line(
            `/${command.name} ${sub.name} ${leaf.name}`,
            'options' in leaf ? (leaf.options ?? []) : [],
            leaf.description,
          ),
        )
      : line(`/${command.name} ${sub.name}`, 'options' in sub ? (sub.options ?? []) : [], sub.description),
  );
}

function line(path: string, options: readonly APIApplicationCommandOption[], description: string): string {
  const args = options.map((o) => (o.required ? `${o.name}:<${o.name}>` : `[${o.name}]`));
  return `\`${[path, ...args].join(' ')}\` — ${description}`;
}

export function isAdminCommand(command: RESTPostAPIChatInputApplicationCommandsJSONBody): boolean {
  return command.default_member_permissions != null && command.default_member_permissions !== '0'
    ? true
    : false;
}

/** The /help embed, generated from the command definitions so it never goes stale. */
export function renderHelp(
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): APIEmbed {
  const sorted = [...definitions].sort((a, b) => Number(isAdminCommand(a)) - Number(isAdminCommand(b)));
  return {
    title: 'Stepwise — how to use it',
    description: INTRO,
    color: Colors.brand,
    fields: sorted.slice(0, 25).map((command) => ({
      name: clip(`/${command.name}${isAdminCommand(command) ? ' · for admins (Manage Server)' : ''}`, 256),
      value: clip(usageLines(command).join('\n'), 1024),
    })),
    footer: { text: FOOTER },
  };
}
