import {
  ApplicationCommandOptionType,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commandDefinitions, commands } from '../../commands/index.js';
import { usageLines } from '../../src/discord/render/help.js';

const NAME = /^[-_\p{Ll}\p{Lm}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MANAGE_GUILD = (1n << 5n).toString();

/** Discord counts name, description and every option's name, description, choice names and values. */
function totalCharacters(node: {
  name: string;
  description?: string;
  options?: readonly unknown[];
  choices?: readonly unknown[];
}): number {
  let total = node.name.length + (node.description?.length ?? 0);
  for (const choice of (node.choices ?? []) as Array<{ name: string; value: string | number }>) {
    total += choice.name.length + String(choice.value).length;
  }
  for (const option of (node.options ?? []) as APIApplicationCommandOption[])
    total += totalCharacters(option);
  return total;
}

function checkOptions(path: string, options: readonly APIApplicationCommandOption[]): string[] {
  const problems: string[] = [];
  if (options.length > 25) problems.push(`${path}: more than 25 options`);
  const names = new Set<string>();
  let optionalSeen = false;
  for (const option of options) {
    const where = `${path} ${option.name}`;
    if (!NAME.test(option.name)) problems.push(`${where}: invalid name`);
    if (names.has(option.name)) problems.push(`${where}: duplicate name`);
    names.add(option.name);
    if (option.description.length < 1 || option.description.length > 100)
      problems.push(`${where}: description length`);
    const isGroup =
      option.type === ApplicationCommandOptionType.Subcommand ||
      option.type === ApplicationCommandOptionType.SubcommandGroup;
    if (!isGroup) {
      if (option.required) {
        if (optionalSeen) problems.push(`${where}: required option after an optional one`);
      } else optionalSeen = true;
    }
    if ('choices' in option && option.choices) {
      if (option.choices.length > 25) problems.push(`${where}: more than 25 choices`);
      if ('autocomplete' in option && option.autocomplete)
        problems.push(`${where}: choices and autocomplete`);
    }
    if ('options' in option && option.options) problems.push(...checkOptions(where, option.options));
  }
  return problems;
}

describe('every command definition fits Discord', () => {
  it('has unique names', () => {
    const names = commandDefinitions.map((definition) => definition.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(commandDefinitions.map((definition) => [definition.name, definition] as const))(
    '/%s respects names, descriptions, option counts and the 8,000-character total',
    (_name, definition: RESTPostAPIChatInputApplicationCommandsJSONBody) => {
      expect(definition.name).toMatch(NAME);
      expect(definition.description.length).toBeGreaterThanOrEqual(1);
      expect(definition.description.length).toBeLessThanOrEqual(100);
      expect(checkOptions(`/${definition.name}`, definition.options ?? [])).toEqual([]);
      expect(totalCharacters(definition)).toBeLessThanOrEqual(8000);
      expect(usageLines(definition).length).toBeGreaterThan(0);
    },
  );

  it('gives every admin command Manage Server as its default permission', () => {
    for (const command of commands) {
      if (command.adminOnly) expect(command.data.default_member_permissions).toBe(MANAGE_GUILD);
      else expect(command.data.default_member_permissions ?? null).toBeNull();
    }
  });

  it('offers commands inside servers, for server installs; only /checkin and /privacy also in a DM with the bot', () => {
    for (const command of commands) {
      const { name, contexts, integration_types } = command.data;
      expect(integration_types).toEqual([0]);
      // Leaving and privacy must work for someone who left the server; admin commands never leave it.
      expect(contexts, name).toEqual(['checkin', 'privacy'].includes(name) ? [0, 1] : [0]);
      if (command.adminOnly) expect(contexts).toEqual([0]);
      expect(Object.keys(command.dmSubcommands ?? {})).toEqual(
        name === 'checkin' ? ['leave'] : name === 'privacy' ? ['export', 'delete'] : [],
      );
    }
  });

  it('serves every subcommand a definition offers, and nothing it does not', () => {
    for (const command of commands) {
      const offered = (command.data.options ?? [])
        .filter((option) => option.type === ApplicationCommandOptionType.Subcommand)
        .map((option) => option.name)
        .sort();
      const served = [
        ...Object.keys(command.subcommands ?? {}),
        ...Object.keys(command.dmSubcommands ?? {}),
      ].sort();
      expect(served, command.data.name).toEqual(offered);
      // A command is served by subcommands or by one execute, never both.
      expect(Boolean(command.execute), command.data.name).toBe(offered.length === 0);
    }
  });
});
