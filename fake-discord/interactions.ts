import { randomBytes } from 'node:crypto';
import { ComponentType, InteractionResponseType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { CommandOptionBuilder, Resolved } from './command-options.js';
import { DiscordHttpError, errors, FormErrors } from './errors.js';
import type { Gateway } from './gateway.js';
import { InteractionHandle } from './interaction-handle.js';
import type {
  AutocompleteInput,
  ComponentInput,
  InteractionContext,
  InteractionKind,
  InteractionRecord,
  ModalSubmitInput,
  SelectInput,
  SlashInput,
} from './interaction-types.js';
import type { Dict } from './json.js';
import { asArray, asDict, asNumber, asString, cloneJson } from './json.js';
import type { MessageService } from './messages.js';
import { assignComponentIds } from './component-ids.js';
import { modalComponentsFromModal, modalComponentsFromValues } from './modal-submit.js';
import { apiMessage } from './serialize.js';
import type { World } from './state.js';
import type { CallbackAttempt, FakeFile, FakeMessage, FakeStats } from './types.js';
import { validateAutocompleteChoices, validateModal } from './validation/modals.js';
import type { Waiters } from './wait.js';
import {
  componentContext,
  findCommand,
  interactionContext,
  interactionPayload,
} from './interaction-context.js';

/** Callback types Discord accepts per interaction kind (6/7 on a modal only when it came from a message). */
const ALLOWED_CALLBACKS: Record<InteractionKind, readonly number[]> = {
  command: [4, 5, 9, 12],
  component: [4, 5, 6, 7, 9],
  autocomplete: [8],
  modal: [4, 5, 6, 7],
};

export interface InteractionSettings {
  enforceDeadline: boolean;
  deadlineMs: number;
  tokenLifetimeMs: number;
  strictCommands: boolean;
}

export interface InteractionDeps {
  world: World;
  messages: MessageService;
  gateway: Gateway;
  waiters: Waiters;
  stats: FakeStats;
  settings: InteractionSettings;
  baseUrl: () => string;
  attachmentFiles: Map<string, FakeFile>;
  log: (line: string) => void;
}

/**
 * Injects interactions over the gateway and plays Discord's side of the response protocol: callbacks,
 * follow-ups and @original edits, with the deadline, acknowledgement and message rules.
 */
export class InteractionRegistry {
  readonly world: World;
  readonly waiters: Waiters;
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();
  private readonly options: CommandOptionBuilder;

  constructor(private readonly deps: InteractionDeps) {
    this.world = deps.world;
    this.waiters = deps.waiters;
    this.options = new CommandOptionBuilder(deps.world, deps.attachmentFiles, deps.baseUrl);
  }

  handle(id: string): InteractionHandle | undefined {
    const record = this.byId.get(id);
    return record ? new InteractionHandle(this.world, this.waiters, record) : undefined;
  }

  // ---- injection ------------------------------------------------------------------------------------------

  slash(input: SlashInput): InteractionHandle {
    const ctx = interactionContext(this.world, input);
    const command = findCommand(this.world, input.name, ctx.guild?.id ?? null, 1);
    if (!command && this.deps.settings.strictCommands) {
      throw new Error(`fake-discord: /${input.name} is not registered (strictCommands is on)`);
    }
    const built = this.options.buildCommandData(input, ctx, command, undefined);
    return this.inject(ctx, InteractionType.ApplicationCommand, 'command', input.name, built, null);
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    const ctx = interactionContext(this.world, input);
    const command = findCommand(this.world, input.name, ctx.guild?.id ?? null, 1);
    const built = this.options.buildCommandData(input, ctx, command, input.focused);
    return this.inject(
      ctx,
      InteractionType.ApplicationCommandAutocomplete,
      'autocomplete',
      input.name,
      built,
      null,
    );
  }

  clickButton(input: ComponentInput): InteractionHandle {
    const { message, component, ctx } = componentContext(
      this.world,
      input,
      (id) => this.byId.get(id)?.userId,
      [ComponentType.Button],
    );
    if (component['style'] === 5) throw new Error(`fake-discord: "${input.customId}" is a link button`);
    const data: Dict = {
      custom_id: input.customId,
      component_type: ComponentType.Button,
      id: component['id'],
    };
    return this.inject(ctx, InteractionType.MessageComponent, 'component', input.customId, data, message);
  }

  selectMenu(input: SelectInput): InteractionHandle {
    const { message, component, ctx } = componentContext(
      this.world,
      input,
      (id) => this.byId.get(id)?.userId,
      [
        ComponentType.StringSelect,
        ComponentType.UserSelect,
        ComponentType.RoleSelect,
        ComponentType.MentionableSelect,
        ComponentType.ChannelSelect,
      ],
    );
    const type = asNumber(component['type']) ?? ComponentType.StringSelect;
    const min = asNumber(component['min_values']) ?? 1;
    const max = asNumber(component['max_values']) ?? 1;
    if (input.values.length < min || input.values.length > max) {
      throw new Error(
        `fake-discord: select "${input.customId}" takes ${min}..${max} values, got ${input.values.length}`,
      );
    }
    const data: Dict = {
      custom_id: input.customId,
      component_type: type,
      values: input.values,
      id: component['id'],
    };
    if (type === ComponentType.StringSelect) {
      const allowed = (asArray(component['options']) ?? []).map((o) => asString(asDict(o)?.['value']));
      const unknown = input.values.filter((v) => !allowed.includes(v));
      if (unknown.length > 0) {
        throw new Error(`fake-discord: select "${input.customId}" has no option(s) ${unknown.join(', ')}`);
      }
    } else {
      const resolved = new Resolved();
      for (const value of input.values) this.options.resolveSelectValue(resolved, ctx, type, value);
      data['resolved'] = resolved.toJSON();
    }
    return this.inject(ctx, InteractionType.MessageComponent, 'component', input.customId, data, message);
  }

  submitModal(input: ModalSubmitInput): InteractionHandle {
    const from = input.from?.record;
    const modal = input.from ? input.from.modal() : undefined;
    const userRef = input.user ?? from?.userId;
    if (userRef === undefined) throw new Error('fake-discord: submitModal needs `user` or `from`');
    const source = from?.sourceMessageId ? this.world.messages.get(from.sourceMessageId) : undefined;
    const ctx = interactionContext(this.world, {
      ...input,
      user: userRef,
      guildId: input.guildId ?? from?.guildId ?? undefined,
      channelId: input.channelId ?? from?.channelId,
      dm: input.dm ?? (from ? from.guildId === null : undefined),
    });
    const customId = asString(modal?.['custom_id']) ?? input.customId;
    if (!customId) throw new Error('fake-discord: submitModal needs `from` (a modal response) or `customId`');
    const components = modal
      ? modalComponentsFromModal(modal, input.values)
      : modalComponentsFromValues(input.values, input.layout ?? 'label');
    const data: Dict = { custom_id: customId, components };
    return this.inject(ctx, InteractionType.ModalSubmit, 'modal', customId, data, source ?? null);
  }

  // ---- callbacks and webhooks (called by REST routes) ------------------------------------------------------

  callback(
    id: string,
    token: string,
    body: unknown,
    files: FakeFile[],
    withResponse: boolean,
  ): { status: number; body?: Dict } {
    const record = this.byId.get(id);
    if (!record || record.token !== token) throw errors.unknownInteraction();
    const started = Date.now();
    const dict = asDict(body) ?? {};
    const type = asNumber(dict['type']);
    const data = asDict(dict['data']);
    const attempt: CallbackAttempt = {
      at: started,
      status: 0,
      type,
      data: data ?? null,
      error: null,
      elapsedMs: started - record.createdAt,
    };
    try {
      if (record.ack) throw errors.alreadyAcknowledged();
      if (this.deps.settings.enforceDeadline && started - record.createdAt > this.deps.settings.deadlineMs) {
        this.deps.log(
          `interactions: callback for ${record.label} came ${started - record.createdAt} ms after injection: 10062`,
        );
        throw errors.unknownInteraction();
      }
      const result = this.applyCallback(record, type, data ?? {}, files, withResponse);
      attempt.status = result.status;
      record.attempts.push(attempt);
      this.deps.stats.callbacks += 1;
      this.world.changed();
      return result;
    } catch (error) {
      if (error instanceof DiscordHttpError) {
        attempt.status = error.status;
        attempt.error = error.body;
        record.attempts.push(attempt);
        this.deps.log(`interactions: callback refused ${error.status} ${JSON.stringify(error.body)}`);
        this.world.changed();
      }
      throw error;
    }
  }

  private applyCallback(
    record: InteractionRecord,
    type: number | undefined,
    data: Dict,
    files: FakeFile[],
    withResponse: boolean,
  ): { status: number; body?: Dict } {
    const allowed = ALLOWED_CALLBACKS[record.kind].filter(
      (t) => !((t === 6 || t === 7) && record.kind === 'modal' && !record.sourceMessageId),
    );
    if (type === undefined || !allowed.includes(type)) {
      const form = new FormErrors();
      form.add(['type'], 'BASE_TYPE_CHOICES', `Value must be one of {${allowed.join(', ')}}.`);
      throw form.toError();
    }
    const channel = this.world.channels.get(record.channelId);
    if (!channel) throw errors.unknownChannel();
    const bot = this.world.botUser;
    const origin = {
      id: record.id,
      type: record.type,
      name: record.kind === 'command' ? record.label : undefined,
      userId: record.userId,
      guildId: record.guildId,
    };
    let message: FakeMessage | undefined;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        message = this.deps.messages.create({
          channel,
          author: bot,
          body: data,
          files,
          errorPath: ['data'],
          allowEphemeral: true,
          interaction: origin,
        });
        record.originalId = message.id;
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = (asNumber(data['flags']) ?? 0) & MessageFlags.Ephemeral;
        message = this.deps.messages.create({
          channel,
          author: bot,
          body: { flags },
          files: [],
          allowEphemeral: true,
          interaction: origin,
          loading: true,
        });
        record.originalId = message.id;
        record.loading = true;
        record.deferredEphemeral = flags !== 0;
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
        record.originalId = record.sourceMessageId;
        message = this.sourceMessage(record);
        break;
      case InteractionResponseType.UpdateMessage: {
        const source = this.sourceMessage(record);
        message = this.deps.messages.edit(source, data, files, ['data'], false);
        record.originalId = source.id;
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        const form = new FormErrors();
        validateAutocompleteChoices(form, ['data'], data);
        form.throwIfAny();
        break;
      }
      case InteractionResponseType.Modal: {
        const form = new FormErrors();
        validateModal(form, ['data'], data);
        form.throwIfAny();
        assignComponentIds(asArray(data['components']) ?? []);
        break;
      }
      default:
        break;
    }
    record.ack = { type, ...(Object.keys(data).length > 0 ? { data: cloneJson(data) } : {}) };
    if (!withResponse) return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: record.type,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: (message.flags & MessageFlags.Loading) !== 0,
                response_message_ephemeral: message.ephemeral,
              }
            : {}),
        },
        resource: { type, ...(message ? { message: apiMessage(message, this.world) } : {}) },
      },
    };
  }

  /** The interaction behind a webhook token (follow-ups, @original). */
  webhookRecord(applicationId: string, token: string): InteractionRecord {
    const record = this.byToken.get(token);
    if (!record || applicationId !== this.world.applicationId) throw errors.unknownWebhook();
    if (Date.now() - record.createdAt > this.deps.settings.tokenLifetimeMs)
      throw errors.invalidWebhookToken();
    return record;
  }

  followUp(record: InteractionRecord, body: unknown, files: FakeFile[]): FakeMessage {
    if (!record.ack || record.ack.type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      throw errors.unknownWebhook();
    }
    const dict = asDict(body) ?? {};
    const original = this.originalOf(record);
    // Discord: the first follow-up after a deferred reply edits the "thinking" message, keeping its flags.
    if (record.loading && original) {
      const { flags: _ignored, ...rest } = dict;
      const edited = this.deps.messages.edit(original, rest, files, [], false);
      record.loading = false;
      return edited;
    }
    const channel = this.world.channels.get(record.channelId);
    if (!channel) throw errors.unknownChannel();
    const message = this.deps.messages.create({
      channel,
      author: this.world.botUser,
      body: dict,
      files,
      allowEphemeral: true,
      interaction: {
        id: record.id,
        type: record.type,
        name: record.kind === 'command' ? record.label : undefined,
        userId: record.userId,
        guildId: record.guildId,
      },
    });
    record.followUpIds.push(message.id);
    this.world.changed();
    return message;
  }

  /** @original or a follow-up id; 10008 otherwise. */
  webhookMessage(record: InteractionRecord, messageId: string): FakeMessage {
    if (messageId === '@original') {
      const original = this.originalOf(record);
      if (!original) throw errors.unknownMessage();
      return original;
    }
    const ids = [record.originalId, ...record.followUpIds];
    const message = ids.includes(messageId) ? this.world.messages.get(messageId) : undefined;
    if (!message || message.deleted) throw errors.unknownMessage();
    return message;
  }

  editWebhookMessage(
    record: InteractionRecord,
    messageId: string,
    body: unknown,
    files: FakeFile[],
  ): FakeMessage {
    const message = this.webhookMessage(record, messageId);
    const edited = this.deps.messages.edit(message, asDict(body) ?? {}, files, [], false);
    if (message.id === record.originalId) record.loading = false;
    return edited;
  }

  deleteWebhookMessage(record: InteractionRecord, messageId: string): void {
    this.deps.messages.delete(this.webhookMessage(record, messageId));
  }

  // ---- internals -----------------------------------------------------------------------------------------

  private originalOf(record: InteractionRecord): FakeMessage | undefined {
    if (!record.originalId) return undefined;
    const message = this.world.messages.get(record.originalId);
    return message && !message.deleted ? message : undefined;
  }

  private sourceMessage(record: InteractionRecord): FakeMessage {
    const message = record.sourceMessageId ? this.world.messages.get(record.sourceMessageId) : undefined;
    if (!message || message.deleted) throw errors.unknownMessage();
    return message;
  }

  private inject(
    ctx: InteractionContext,
    type: InteractionType,
    kind: InteractionKind,
    label: string,
    data: Dict,
    message: FakeMessage | null,
  ): InteractionHandle {
    const id = this.world.ids.next();
    // Shaped like Discord's: base64 of "interaction:<id>:<secret>".
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString(
      'base64url',
    );
    const payload = interactionPayload(this.world, ctx, { id, token, type, data, message });
    const record: InteractionRecord = {
      id,
      token,
      type,
      kind,
      label,
      guildId: ctx.guild?.id ?? null,
      channelId: ctx.channel.id,
      userId: ctx.user.id,
      createdAt: Date.now(),
      payload,
      sourceMessageId: message?.id ?? null,
      ack: null,
      attempts: [],
      originalId: null,
      loading: false,
      deferredEphemeral: false,
      followUpIds: [],
    };
    if (!this.deps.gateway.dispatchInteraction(record.guildId, payload)) {
      throw new Error(
        `fake-discord: cannot inject ${kind} "${label}": no identified gateway session ${
          record.guildId ? `for guild ${record.guildId}` : 'for DMs'
        } (is the client logged in?)`,
      );
    }
    this.byId.set(id, record);
    this.byToken.set(token, record);
    this.deps.stats.interactions += 1;
    this.world.changed();
    return new InteractionHandle(this.world, this.waiters, record);
  }
}
