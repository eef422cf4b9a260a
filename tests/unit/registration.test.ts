import { describe, expect, it } from 'vitest';
import { normalizeDefinition, sameDefinitions } from '../../src/discord/registration.js';
import { commandDefinitions } from '../../commands/index.js';

describe('command registration comparison', () => {
  it('sees what Discord echoes back, with ids and defaults, as unchanged', () => {
    const echoed = commandDefinitions.map((definition, index) => ({
      ...definition,
      id: `1234567890123456${index}`,
      application_id: '123456789012345678',
      version: '123456789012345679',
      type: 1,
      nsfw: false,
      default_member_permissions: definition.default_member_permissions ?? null,
      description_localized: definition.description,
    }));
    expect(sameDefinitions(commandDefinitions, echoed)).toBe(true);
  });

  it('notices a changed description, a new option and a missing command', () => {
    const [first, ...rest] = commandDefinitions;
    expect(first).toBeDefined();
    if (!first) return;
    expect(sameDefinitions(commandDefinitions, [{ ...first, description: 'changed' }, ...rest])).toBe(false);
    expect(
      sameDefinitions(commandDefinitions, [
        { ...first, options: [{ type: 3, name: 'extra', description: 'new' }] },
        ...rest,
      ]),
    ).toBe(false);
    expect(sameDefinitions(commandDefinitions, rest)).toBe(false);
  });

  it('drops defaults recursively but keeps meaningful values', () => {
    expect(
      normalizeDefinition({
        name: 'x',
        required: false,
        options: [],
        nested: [{ required: true, autocomplete: false }],
      }),
    ).toEqual({ name: 'x', nested: [{ required: true }] });
  });
});
