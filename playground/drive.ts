import { MessageFlags } from 'discord-api-types/v10';
import type { FakeMessage, InteractionHandle } from '../fake-discord/index.js';
import { splitOptions } from './commands.js';
import { PlaygroundError } from './errors.js';
import { describeField, renderModal, type ModalField } from './render.js';
import type { Playground } from './session.js';
import { completeSlash, needsManageServer, parseSlash, visibleTo } from './slash.js';

/**
 * The member's side of Discord: slash commands, autocomplete, clicks, selects and forms injected into the
 * fake, each awaited until the bot has answered and finished what it started, then shown.
 */

export const SETTLE_TIMEOUT_MS = 15_000;
/** No request to Discord for this long, and nothing in flight: the bot has finished. */
const QUIET_MS = 30;

export async function slash(pg: Playground, text: string): Promise<void> {
  const commands = pg.commands();
  const permissions = pg.fake.guild.permissionsOf(pg.member, pg.channel);
  const name = text.split(/\s/)[0] ?? '';
  const def = commands.find((c) => c.name === name.toLowerCase());
  if (def && !visibleTo(def, permissions)) {
    throw new PlaygroundError(
      `/${def.name} is not shown to ${pg.member.username}: it needs ${
        needsManageServer(def) ? 'Manage Server' : 'more permissions'
      } (Discord hides it). Try it as ${pg.fake.guild.owner.username}: as ${pg.fake.guild.owner.username}`,
    );
  }
  const parsed = parseSlash(commands, text);
  await interact(pg, () =>
    pg.fake.slash({
      user: pg.member.id,
      channelId: pg.channel.id,
      name: parsed.name,
      ...(parsed.group ? { group: parsed.group } : {}),
      ...(parsed.subcommand ? { subcommand: parsed.subcommand } : {}),
      options: parsed.options,
    }),
  );
}

export async function complete(pg: Playground, text: string): Promise<void> {
  const request = completeSlash(pg.commands(), text);
  if (request.kind === 'list') {
    pg.print(
      request.candidates.length > 0 ? `  ${request.candidates.join('   ')}` : '  (nothing to complete)',
    );
    return;
  }
  const choices = await autocomplete(pg, request);
  if (choices.length === 0) pg.print('  (no suggestions)');
  for (const choice of choices) pg.print(`  ${choice.name}  →  ${request.focused}:${choice.value}`);
}

/** Asks the bot for suggestions, as Discord does while the member types an autocomplete option. */
export async function autocomplete(
  pg: Playground,
  request: Extract<ReturnType<typeof completeSlash>, { kind: 'autocomplete' }>,
): Promise<{ name: string; value: string }[]> {
  const handle = await pg.fake.autocomplete({
    user: pg.member.id,
    channelId: pg.channel.id,
    ...request.parsed,
    options: { ...request.options, [request.focused]: request.typed },
    focused: request.focused,
  });
  await handle.response(3000);
  return handle.choices().map((c) => ({ name: String(c['name']), value: String(c['value']) }));
}

export async function click(pg: Playground, target: string): Promise<void> {
  const { message, control } = pg.recent.control(target, 'button');
  if (control.url) {
    pg.print(`  🔗 opens ${control.url} in the browser`);
    return;
  }
  if (control.disabled) throw new PlaygroundError(`"${control.label}" is disabled`);
  await interact(
    pg,
    () => pg.fake.clickButton({ user: pg.member.id, message, customId: control.customId ?? '' }),
    message,
  );
}

export async function select(pg: Playground, target: string, values: string[]): Promise<void> {
  const { message, control } = pg.recent.control(target, 'select');
  if (control.disabled) throw new PlaygroundError(`"${control.label}" is disabled`);
  let chosen = values;
  if (control.options.length > 0) {
    chosen = values.map((value) => {
      const lower = value.toLowerCase();
      const index = /^\d+$/.test(value) ? Number(value) - 1 : -1;
      const option =
        control.options.find((o) => o.value === value) ??
        control.options.find((o) => o.label.toLowerCase() === lower) ??
        control.options[index] ??
        control.options.find((o) => o.label.toLowerCase().includes(lower));
      if (!option) {
        throw new PlaygroundError(
          `"${control.label}" has no option "${value}". Options: ${control.options
            .map((o, i) => `${i + 1}) ${o.label}`)
            .join(', ')}`,
        );
      }
      return option.value;
    });
  } else {
    chosen = values.map((v) => v.replace(/^[@#]/, ''));
  }
  if (chosen.length < control.minValues || chosen.length > control.maxValues) {
    throw new PlaygroundError(
      `"${control.label}" takes ${
        control.minValues === control.maxValues
          ? control.maxValues
          : `${control.minValues} to ${control.maxValues}`
      } value(s)`,
    );
  }
  await interact(
    pg,
    () =>
      pg.fake.selectMenu({
        user: pg.member.id,
        message,
        customId: control.customId ?? '',
        values: chosen,
      }),
    message,
  );
}

/** `submit field:value field2:"more words"`: fills the open form and sends it. */
export async function submitLine(pg: Playground, text: string): Promise<void> {
  const modal = pg.pendingModal;
  if (!modal) throw new PlaygroundError('there is no open form: `submit` follows a button that opens one');
  const ids = new Map(modal.fields.map((f) => [f.customId.toLowerCase(), f]));
  const split = splitOptions(text, (name) => ids.has(name.toLowerCase()));
  if (split.words.length > 0) {
    throw new PlaygroundError(
      `unexpected "${split.words.join(' ')}": write submit ${modal.fields.map((f) => `${f.customId}:…`).join(' ')}`,
    );
  }
  const values: Record<string, string> = {};
  for (const [name, value] of split.options) {
    const field = ids.get(name.toLowerCase());
    if (field) values[field.customId] = value.replace(/\\n/g, '\n');
  }
  await submitModal(pg, values);
}

/** Sends the open form with these values (missing fields keep what was filled in, or stay empty). */
export async function submitModal(pg: Playground, values: Record<string, string>): Promise<void> {
  const modal = pg.pendingModal;
  if (!modal) throw new PlaygroundError('there is no open form');
  const submitted: Record<string, string | string[]> = {};
  for (const field of modal.fields) {
    const raw = values[field.customId];
    if (field.kind === 'select') {
      const picked = (raw ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
        .map((v) => {
          const index = /^\d+$/.test(v) ? Number(v) - 1 : -1;
          const option =
            field.options.find((o) => o.value === v || o.label.toLowerCase() === v.toLowerCase()) ??
            field.options[index];
          if (!option) throw new PlaygroundError(`${field.customId}: no option "${v}"`);
          return option.value;
        });
      const defaults = field.options.filter((o) => o.isDefault).map((o) => o.value);
      const list = raw === undefined ? defaults : picked;
      if (field.required && list.length === 0) throw new PlaygroundError(`${field.customId} is required`);
      submitted[field.customId] = list;
      continue;
    }
    const text = raw ?? field.value ?? '';
    const problem = fieldProblem(field, text);
    if (problem) throw new PlaygroundError(problem);
    submitted[field.customId] = text;
  }
  pg.pendingModal = undefined;
  await interact(
    pg,
    () => pg.fake.submitModal({ from: modal.handle, user: pg.member.id, values: submitted }),
    modal.source,
  );
}

/**
 * Injects an interaction, waits until the bot has answered and finished everything it started, then prints
 * what Discord would show: the reply or update, a modal, and anything posted meanwhile.
 */
export async function interact(
  pg: Playground,
  inject: () => Promise<InteractionHandle>,
  source?: FakeMessage,
): Promise<void> {
  let handle: InteractionHandle;
  try {
    handle = await inject();
  } catch (error) {
    throw new PlaygroundError(
      error instanceof Error ? error.message.replace(/^fake-discord: /, '') : String(error),
    );
  }
  try {
    await handle.waitForAttempt(SETTLE_TIMEOUT_MS);
  } catch {
    await settle(pg);
    pg.transcript.printEvents(pg.feed.collect(), handle, source);
    pg.print('  ❌ The application did not respond');
    pg.transcript.botProblems.push('the bot did not answer the interaction');
    return;
  }
  await settle(pg);
  const ack = handle.callback();
  pg.transcript.printEvents(pg.feed.collect(), handle, source);
  if (!ack) {
    const refused = handle.attempts()[0];
    const code = refused?.error
      ? ` (Discord answered ${refused.status} ${JSON.stringify(refused.error)})`
      : '';
    const late = refused?.error?.['code'] === 10062;
    pg.print(
      late
        ? '  ❌ The application did not respond (it answered after the 3-second deadline)'
        : `  ❌ This interaction failed${code}`,
    );
    pg.transcript.botProblems.push(
      late ? 'the bot answered after the 3-second deadline' : `Discord refused the bot's answer${code}`,
    );
    return;
  }
  if (ack.type === 9 && ack.data) {
    const rendered = renderModal(ack.data, pg.render);
    pg.pendingModal = { handle, source, fields: rendered.fields, title: rendered.title };
    for (const line of rendered.lines) pg.print(`  ${line}`);
    if (!pg.options.formsAskedByField) {
      pg.print(
        `  (fill it in: submit ${rendered.fields.map((f) => `${f.customId}:…`).join(' ')}   or: cancel)`,
      );
    }
  }
}

/** Waits until no interaction is in flight and Discord saw no new request for a moment. */
export async function settle(pg: Playground): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let quietSince = Date.now();
  let seen = pg.fake.requests.length;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = pg.fake.requests.length;
    const loading = pg.fake.allMessages().some((m) => !m.deleted && (m.flags & MessageFlags.Loading) !== 0);
    if (now !== seen || pg.bot.dispatcher.inFlightCount > 0 || loading) {
      seen = now;
      quietSince = Date.now();
      continue;
    }
    if (Date.now() - quietSince >= QUIET_MS) return;
  }
}

/** What Discord's client would say about a field value before sending the form. */
export function fieldProblem(field: ModalField, text: string): string | undefined {
  const length = [...text].length;
  if (field.required && length === 0) return `${field.customId} is required (${describeField(field)})`;
  if (length > 0 && field.minLength !== undefined && length < field.minLength)
    return `${field.customId} needs at least ${field.minLength} characters`;
  if (field.maxLength !== undefined && length > field.maxLength)
    return `${field.customId} takes at most ${field.maxLength} characters`;
  return undefined;
}
