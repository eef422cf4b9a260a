import { Routes, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from '../logger.js';

export type CommandDefinitions = readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];

export interface RegistrationTarget {
  applicationId: string;
  /** Set: register to this server only (instant, for development). Unset: register globally. */
  guildId?: string | undefined;
}

/** Fields Discord echoes back with defaults; dropping those makes "unchanged" comparable. */
const DEFAULTS: Record<string, unknown> = {
  type: 1,
  required: false,
  autocomplete: false,
  nsfw: false,
  dm_permission: true,
  default_member_permissions: null,
};
const IGNORED = new Set([
  'id',
  'application_id',
  'guild_id',
  'version',
  'name_localized',
  'description_localized',
]);

/** A stable, defaults-free form of a command definition, so ours and Discord's can be compared. */
export function normalizeDefinition(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeDefinition);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (IGNORED.has(key) || field === undefined) continue;
    if (key in DEFAULTS && field === DEFAULTS[key]) continue;
    if ((key.endsWith('_localizations') || key === 'options' || key === 'choices') && isEmpty(field))
      continue;
    out[key] = normalizeDefinition(field);
  }
  return out;
}

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && Object.keys(value as object).length === 0)
  );
}

export function sameDefinitions(ours: CommandDefinitions, theirs: readonly unknown[]): boolean {
  const key = (list: readonly unknown[]) =>
    JSON.stringify(
      list
        .map(normalizeDefinition)
        .sort((a, b) =>
          String((a as { name?: string }).name).localeCompare(String((b as { name?: string }).name)),
        ),
    );
  return key(ours) === key(theirs);
}

/** Compares with what Discord has and bulk-overwrites only when something changed. */
export async function syncCommands(
  rest: REST,
  target: RegistrationTarget,
  definitions: CommandDefinitions,
  logger: Logger,
): Promise<'unchanged' | 'updated'> {
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.applicationId, target.guildId)
    : Routes.applicationCommands(target.applicationId);
  const scope = target.guildId ? `guild ${target.guildId}` : 'global';
  const current = (await rest.get(route)) as unknown[];
  if (sameDefinitions(definitions, current)) {
    logger.info({ scope, count: definitions.length }, 'slash commands already up to date');
    return 'unchanged';
  }
  await rest.put(route, { body: definitions });
  logger.info({ scope, count: definitions.length }, 'slash commands registered');
  return 'updated';
}
