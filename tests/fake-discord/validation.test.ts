import { describe, expect, it } from 'vitest';
import { FormErrors } from '../../fake-discord/errors.js';
import type { Dict } from '../../fake-discord/json.js';
import { validateCommand, validateCommandList } from '../../fake-discord/validation/commands.js';
import { validateMessageBody } from '../../fake-discord/validation/messages.js';
import { validateAutocompleteChoices, validateModal } from '../../fake-discord/validation/modals.js';

/** Error codes found anywhere in a 50035 tree, with their paths. */
function problems(run: (errors: FormErrors) => void): string[] {
  const errors = new FormErrors();
  run(errors);
  const out: string[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '_errors' && Array.isArray(value)) {
        for (const e of value as { code: string }[]) out.push(`${path.join('.')}:${e.code}`);
      } else walk(value, [...path, key]);
    }
  };
  if (errors.size > 0) walk(errors.toError().body['errors'], []);
  return out;
}

const message = (body: Dict): string[] =>
  problems((e) => validateMessageBody(e, [], body, { allowEphemeral: false }));
const button = (customId: string, extra: Dict = {}): Dict => ({
  type: 2,
  style: 1,
  label: 'ok',
  custom_id: customId,
  ...extra,
});
const row = (...components: Dict[]): Dict => ({ type: 1, components });
const select = (customId: string, options: number): Dict => ({
  type: 3,
  custom_id: customId,
  options: Array.from({ length: options }, (_, i) => ({ label: `o${i}`, value: `v${i}` })),
});

describe('message limits', () => {
  it('accepts a normal message', () => {
    expect(message({ content: 'hi', embeds: [{ title: 't', fields: [{ name: 'a', value: 'b' }] }] })).toEqual(
      [],
    );
    expect(message({ content: 'x'.repeat(2000) })).toEqual([]);
  });

  it('refuses content and embed limits', () => {
    expect(message({ content: 'x'.repeat(2001) })).toEqual(['content:BASE_TYPE_MAX_LENGTH']);
    expect(message({ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) })).toContain(
      'embeds:BASE_TYPE_MAX_LENGTH',
    );
    expect(message({ embeds: [{ title: 'x'.repeat(257) }] })).toEqual([
      'embeds.0.title:BASE_TYPE_MAX_LENGTH',
    ]);
    expect(message({ embeds: [{ description: 'x'.repeat(4097) }] })).toEqual([
      'embeds.0.description:BASE_TYPE_MAX_LENGTH',
    ]);
    const fields = Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' }));
    expect(message({ embeds: [{ fields }] })).toEqual(['embeds.0.fields:BASE_TYPE_MAX_LENGTH']);
    expect(message({ embeds: [{ fields: [{ name: 'x'.repeat(257), value: 'v' }] }] })).toEqual([
      'embeds.0.fields.0.name:BASE_TYPE_BAD_LENGTH',
    ]);
    expect(message({ embeds: [{ fields: [{ name: 'n', value: 'x'.repeat(1025) }] }] })).toEqual([
      'embeds.0.fields.0.value:BASE_TYPE_BAD_LENGTH',
    ]);
    expect(message({ embeds: [{ footer: { text: 'x'.repeat(2049) } }] })).toEqual([
      'embeds.0.footer.text:BASE_TYPE_BAD_LENGTH',
    ]);
    expect(message({ embeds: [{ author: { name: 'x'.repeat(257) } }] })).toEqual([
      'embeds.0.author.name:BASE_TYPE_BAD_LENGTH',
    ]);
    const big = { description: 'x'.repeat(4000) };
    expect(message({ embeds: [big, { description: 'y'.repeat(2001) }] })).toEqual([
      'embeds:MAX_EMBED_SIZE_EXCEEDED',
    ]);
  });

  it('checks the attachment list: alt text (description) up to 1024 characters, an id on each', () => {
    const alt = (description: unknown) => ({ attachments: [{ id: 0, filename: 'a.png', description }] });
    expect(message(alt('x'.repeat(1024)))).toEqual([]);
    expect(message(alt('x'.repeat(1025)))).toEqual(['attachments.0.description:BASE_TYPE_MAX_LENGTH']);
    expect(message(alt(42))).toEqual(['attachments.0.description:BASE_TYPE_STRING']);
    expect(message({ attachments: [{ filename: 'a.png' }] })).toEqual([
      'attachments.0.id:BASE_TYPE_REQUIRED',
    ]);
    expect(message({ attachments: 'a.png' })).toEqual(['attachments:LIST_TYPE_CONVERT']);
  });

  it('refuses component layout problems', () => {
    const rows = Array.from({ length: 6 }, (_, i) => row(button(`b${i}`)));
    expect(message({ components: rows })).toEqual(['components:BASE_TYPE_MAX_LENGTH']);
    const six = row(...Array.from({ length: 6 }, (_, i) => button(`b${i}`)));
    expect(message({ components: [six] })).toEqual(['components.0.components:BASE_TYPE_BAD_LENGTH']);
    expect(message({ components: [row(select('s', 2), button('b'))] })).toEqual([
      'components.0.components:COMPONENT_LAYOUT_WIDTH_EXCEEDED',
    ]);
    expect(message({ components: [row(button('x'.repeat(101)))] })).toEqual([
      'components.0.components.0.custom_id:BASE_TYPE_BAD_LENGTH',
    ]);
    expect(message({ components: [row(button('a'), button('a'))] })).toEqual([
      'components.0.components.1.custom_id:COMPONENT_CUSTOM_ID_DUPLICATED',
    ]);
    expect(message({ components: [row(button('a', { label: 'x'.repeat(81) }))] })).toEqual([
      'components.0.components.0.label:BASE_TYPE_MAX_LENGTH',
    ]);
    expect(message({ components: [row(select('s', 26))] })).toEqual([
      'components.0.components.0.options:BASE_TYPE_BAD_LENGTH',
    ]);
    expect(message({ components: [row(select('s', 0))] })).toEqual([
      'components.0.components.0.options:BASE_TYPE_BAD_LENGTH',
    ]);
    const longOption = { type: 3, custom_id: 's', options: [{ label: 'x'.repeat(101), value: 'v' }] };
    expect(message({ components: [row(longOption)] })).toEqual([
      'components.0.components.0.options.0.label:BASE_TYPE_BAD_LENGTH',
    ]);
  });

  it("bounds a select's min_values and max_values (0/1 to 25, min no more than max)", () => {
    const at = 'components.0.components.0';
    const withValues = (values: Dict) => message({ components: [row({ ...select('s', 3), ...values })] });
    expect(withValues({ min_values: 0, max_values: 3 })).toEqual([]);
    expect(withValues({ min_values: 26 })).toEqual([`${at}.min_values:NUMBER_TYPE_MAX`]);
    expect(withValues({ min_values: -1, max_values: 0 })).toEqual([
      `${at}.min_values:NUMBER_TYPE_MAX`,
      `${at}.max_values:NUMBER_TYPE_MAX`,
    ]);
    expect(withValues({ max_values: 'two' })).toEqual([`${at}.max_values:NUMBER_TYPE_MAX`]);
    expect(withValues({ min_values: 3, max_values: 2 })).toEqual([
      `${at}.min_values:SELECT_COMPONENT_MIN_VALUES_EXCEEDS_MAX`,
    ]);
  });

  it('checks allowed_mentions and Components V2 rules', () => {
    expect(message({ content: 'x', allowed_mentions: { parse: ['users'], users: ['1'] } })).toEqual([
      'allowed_mentions.parse:MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
    ]);
    expect(message({ flags: 32768, components: [{ type: 10, content: 'hello' }] })).toEqual([]);
    expect(message({ flags: 32768, content: 'no', components: [{ type: 10, content: 'x' }] })).toEqual([
      'content:MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
    ]);
  });
});

describe('interaction response limits', () => {
  const textInput = (id: string): Dict => ({
    type: 18,
    label: 'L',
    component: { type: 4, custom_id: id, style: 1 },
  });

  it('validates modals', () => {
    const ok = { custom_id: 'm', title: 'T', components: [textInput('a')] };
    expect(problems((e) => validateModal(e, ['data'], ok))).toEqual([]);
    const legacy = {
      custom_id: 'm',
      title: 'T',
      components: [{ type: 1, components: [{ type: 4, custom_id: 'a', style: 1, label: 'A' }] }],
    };
    expect(problems((e) => validateModal(e, ['data'], legacy))).toEqual([]);
    expect(problems((e) => validateModal(e, ['data'], { ...ok, title: 'x'.repeat(46) }))).toEqual([
      'data.title:BASE_TYPE_BAD_LENGTH',
    ]);
    const six = { ...ok, components: ['a', 'b', 'c', 'd', 'e', 'f'].map(textInput) };
    expect(problems((e) => validateModal(e, ['data'], six))).toEqual([
      'data.components:BASE_TYPE_BAD_LENGTH',
    ]);
  });

  it("bounds a text input's min_length and max_length (0/1 to 4000, min no more than max)", () => {
    const withLength = (length: Dict) => {
      const input = { type: 4, custom_id: 'a', style: 1, ...length };
      const modal = { custom_id: 'm', title: 'T', components: [{ type: 18, label: 'L', component: input }] };
      return problems((e) => validateModal(e, ['data'], modal));
    };
    const at = 'data.components.0.component';
    expect(withLength({ min_length: 0, max_length: 4000 })).toEqual([]);
    expect(withLength({ min_length: -1, max_length: 4001 })).toEqual([
      `${at}.min_length:NUMBER_TYPE_MAX`,
      `${at}.max_length:NUMBER_TYPE_MAX`,
    ]);
    expect(withLength({ min_length: 10, max_length: 5 })).toEqual([
      `${at}.min_length:TEXT_INPUT_MIN_LENGTH_EXCEEDS_MAX`,
    ]);
    // Discord's own wording, as discord.js shows it to the bot's author.
    const errors = new FormErrors();
    const input = { type: 4, custom_id: 'a', style: 1, min_length: 4001, max_length: 5 };
    validateModal(errors, ['data'], {
      custom_id: 'm',
      title: 'T',
      components: [{ type: 18, label: 'L', component: input }],
    });
    const body = JSON.stringify(errors.toError().body);
    expect(body).toContain('int value should be less than or equal to 4000.');
    expect(body).toContain('min_length must be <= max_length');
  });

  it('validates autocomplete choices', () => {
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    expect(problems((e) => validateAutocompleteChoices(e, ['data'], { choices }))).toEqual([
      'data.choices:BASE_TYPE_MAX_LENGTH',
    ]);
  });
});

describe('command definitions', () => {
  const command = (def: Dict): string[] => problems((e) => validateCommand(e, [], def));
  const option = (name: string, extra: Dict = {}): Dict => ({ type: 3, name, description: 'd', ...extra });

  it('accepts a normal command and refuses bad names and descriptions', () => {
    expect(command({ name: 'roadmap', description: 'Your roadmap', options: [option('step')] })).toEqual([]);
    expect(command({ name: 'Roadmap', description: 'd' })).toEqual(['name:APPLICATION_COMMAND_INVALID_NAME']);
    expect(command({ name: 'road map', description: 'd' })).toEqual([
      'name:APPLICATION_COMMAND_INVALID_NAME',
    ]);
    expect(command({ name: 'x'.repeat(33), description: 'd' })).toEqual([
      'name:APPLICATION_COMMAND_INVALID_NAME',
    ]);
    expect(command({ name: 'ok', description: '' })).toEqual(['description:BASE_TYPE_BAD_LENGTH']);
    expect(command({ name: 'ok', description: 'x'.repeat(101) })).toEqual([
      'description:BASE_TYPE_BAD_LENGTH',
    ]);
    expect(command({ name: 'User Info', type: 2 })).toEqual([]);
  });

  it('refuses option problems', () => {
    const many = Array.from({ length: 26 }, (_, i) => option(`o${i}`));
    expect(command({ name: 'a', description: 'd', options: many })).toEqual(['options:BASE_TYPE_MAX_LENGTH']);
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    expect(command({ name: 'a', description: 'd', options: [option('o', { choices })] })).toEqual([
      'options.0.choices:BASE_TYPE_MAX_LENGTH',
    ]);
    expect(
      command({ name: 'a', description: 'd', options: [option('x'), option('y', { required: true })] }),
    ).toEqual(['options.1.required:APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID']);
    const huge = Array.from({ length: 25 }, (_, i) =>
      option(`o${i}`, {
        description: 'x'.repeat(100),
        choices: Array.from({ length: 25 }, (_, j) => ({ name: 'n'.repeat(20) + j, value: `v${j}` })),
      }),
    );
    expect(command({ name: 'a', description: 'd', options: huge })).toEqual([
      ':APPLICATION_COMMAND_TOO_LARGE',
    ]);
  });

  it('refuses duplicate names in a bulk overwrite', () => {
    expect(() =>
      validateCommandList([
        { name: 'a', description: 'd' },
        { name: 'a', description: 'e' },
      ]),
    ).toThrow(/Invalid Form Body/);
  });
});
