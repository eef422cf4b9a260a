import { errors, FormErrors } from './errors.js';
import type { Dict } from './json.js';
import { asNumber, asString, cloneJson } from './json.js';
import type { World } from './state.js';
import type { StoredCommand } from './types.js';
import { validateCommand, validateCommandList } from './validation/commands.js';

/** Application commands per scope ('global' or a guild id), with Discord's bulk-overwrite semantics. */
export class CommandStore {
  constructor(private readonly world: World) {}

  list(scope: string): StoredCommand[] {
    return this.world.commands.get(scope) ?? [];
  }

  get(scope: string, id: string): StoredCommand {
    const command = this.list(scope).find((c) => c.id === id);
    if (!command) throw errors.unknownCommand();
    return command;
  }

  /** PUT: validates every definition, keeps the ids of commands that keep their name and type. */
  overwrite(scope: string, body: unknown): StoredCommand[] {
    const defs = validateCommandList(body);
    const previous = this.list(scope);
    const next = defs.map((def) => {
      const type = asNumber(def['type']) ?? 1;
      const existing = previous.find((c) => c.name === def['name'] && c.type === type);
      return this.normalise(scope, def, existing);
    });
    this.world.commands.set(scope, next);
    this.world.changed();
    return next;
  }

  /** POST: creates, or overwrites the command with the same name and type (201 vs 200). */
  upsert(scope: string, body: unknown): { command: StoredCommand; created: boolean } {
    const form = new FormErrors();
    validateCommand(form, [], body);
    form.throwIfAny();
    const def = body as Dict;
    const type = asNumber(def['type']) ?? 1;
    const list = [...this.list(scope)];
    const index = list.findIndex((c) => c.name === def['name'] && c.type === type);
    const command = this.normalise(scope, def, index >= 0 ? list[index] : undefined);
    if (index >= 0) list[index] = command;
    else list.push(command);
    this.world.commands.set(scope, list);
    this.world.changed();
    return { command, created: index < 0 };
  }

  edit(scope: string, id: string, body: unknown): StoredCommand {
    const existing = this.get(scope, id);
    const merged: Dict = { ...stripStored(existing), ...(body as Dict) };
    const form = new FormErrors();
    validateCommand(form, [], merged);
    form.throwIfAny();
    const command = this.normalise(scope, merged, existing);
    this.world.commands.set(
      scope,
      this.list(scope).map((c) => (c.id === id ? command : c)),
    );
    this.world.changed();
    return command;
  }

  delete(scope: string, id: string): void {
    this.get(scope, id);
    this.world.commands.set(
      scope,
      this.list(scope).filter((c) => c.id !== id),
    );
    this.world.changed();
  }

  private normalise(scope: string, def: Dict, existing: StoredCommand | undefined): StoredCommand {
    const type = asNumber(def['type']) ?? 1;
    const perms = def['default_member_permissions'];
    const command: StoredCommand = {
      ...cloneJson(def),
      id: existing?.id ?? this.world.ids.next(),
      application_id: this.world.applicationId,
      version: this.world.ids.next(),
      type,
      name: asString(def['name']) ?? '',
      description: asString(def['description']) ?? '',
      default_member_permissions: typeof perms === 'string' ? perms : null,
      name_localizations: def['name_localizations'] ?? null,
      description_localizations: def['description_localizations'] ?? null,
      nsfw: def['nsfw'] === true,
      contexts: def['contexts'] ?? null,
      integration_types: def['integration_types'] ?? [0],
      ...(scope === 'global' ? {} : { guild_id: scope }),
    };
    if (Array.isArray(def['options'])) command.options = cloneJson(def['options'] as Dict[]);
    return command;
  }
}

function stripStored(command: StoredCommand): Dict {
  const { id: _id, application_id: _app, version: _version, guild_id: _guild, ...rest } = command;
  return rest;
}
