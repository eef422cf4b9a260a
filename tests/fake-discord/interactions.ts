import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import { DiscordHttpError, errors, FormErrors } from './errors.js';
import type { Gateway } from './gateway.js';
import { makeFile } from './http-body.js';
import type { Dict } from './json.js';
import { asArray, asDict, asNumber, asString, cloneJson, isDict } from './json.js';
import type { MessageService } from './messages.js';
import { assignComponentIds } from './messages.js';
import { ALL_PERMISSIONS, BOT_ROLE_PERMISSIONS, parsePermissions } from './permissions.js';
import { apiChannel, apiMember, apiMessage, apiRole, apiUser } from './serialize.js';
import type { FakeChannel, FakeGuild, FakeMember, FakeUser, World } from './state.js';
import { isThread } from './state.js';
import type { CallbackAttempt, FakeFile, FakeMessage, FakeStats, InteractionCallback, StoredCommand } from './types.js';
import { validateAutocompleteChoices, validateModal } from './validation.js';
import type { Waiters } from './wait.js';

// ---------------------------------------------------------------------------------------------------------
// Public input types
// ---------------------------------------------------------------------------------------------------------

/** A user id, a username, or any object with an `id` (FakeMember, FakeUser). */
export type UserRef = string | { id: string };

export interface AttachmentOptionInput {
  name: string;
  data: string | Buffer;
  contentType?: string;
}

/**
 * An option value. Plain values are typed from the registered command definition when there is one
 * (a string for a user option is an id or a username); otherwise strings are type 3, integers 4, other
 * numbers 10, booleans 5, and the object forms give users, channels, roles, mentionables and attachments.
 */
export type OptionInput =
  | string
  | number
  | boolean
  | { user: UserRef }
  | { channel: string }
  | { role: string }
  | { mentionable: string }
  | { attachment: AttachmentOptionInput };

export interface InteractionContextInput {
  /** The acting user: id, username, or a member/user object. */
  user: UserRef;
  /** Default: the first guild. */
  guildId?: string;
  /** Channel id or name in the guild. Default: the guild's first text channel. */
  channelId?: string;
  /** Run in the bot's DMs (context 1): `user` instead of `member`, a DM channel. */
  dm?: boolean;
  /** The member's permissions (bigint, decimal string or flag names). Default: computed from roles. */
  permissions?: bigint | string | string[];
  locale?: string;
}

export interface SlashInput extends InteractionContextInput {
  name: string;
  subcommand?: string;
  group?: string;
  options?: Record<string, OptionInput>;
}

export interface AutocompleteInput extends SlashInput {
  /** Name of the focused option; its value in `options` is what the user has typed so far (default ''). */
  focused: string;
}

export interface ComponentInput {
  user: UserRef;
  /** The message (or its id) the component is on; its current state is looked up. */
  message: FakeMessage | string;
  customId: string;
  permissions?: bigint | string | string[];
  locale?: string;
}

export interface SelectInput extends ComponentInput {
  values: string[];
}

export interface ModalSubmitInput extends Partial<InteractionContextInput> {
  /** The interaction answered with a modal (type 9): its modal decides custom_id, layout and the message. */
  from?: InteractionHandle;
  /** Needed without `from`. */
  customId?: string;
  /** Text input values by custom_id (string), or select values (string[]). */
  values: Record<string, string | string[]>;
  /** Layout without `from`: 'label' (type 18, builders 1.15) or legacy 'row' (type 1). Default 'label'. */
  layout?: 'label' | 'row';
}

// ---------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------

export type InteractionKind = 'command' | 'autocomplete' | 'component' | 'modal';

export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  kind: InteractionKind;
  /** Command name or custom_id, for messages. */
  label: string;
  guildId: string | null;
  channelId: string;
  userId: string;
  createdAt: number;
  payload: Dict;
  sourceMessageId: string | null;
  ack: InteractionCallback | null;
  attempts: CallbackAttempt[];
  originalId: string | null;
  loading: boolean;
  deferredEphemeral: boolean;
  followUpIds: string[];
}

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

/** What a test holds after injecting an interaction. */
export class InteractionHandle {
  constructor(
    private readonly registry: InteractionRegistry,
    readonly record: InteractionRecord,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  get kind(): InteractionKind {
    return this.record.kind;
  }

  /** The INTERACTION_CREATE `d` exactly as sent. */
  get payload(): Dict {
    return this.record.payload;
  }

  /** The accepted callback, or null while unanswered. */
  callback(): InteractionCallback | null {
    return this.record.ack;
  }

  attempts(): CallbackAttempt[] {
    return [...this.record.attempts];
  }

  /** First accepted callback `{type, data}`; rejects after the timeout, listing refused attempts. */
  response(timeoutMs?: number): Promise<InteractionCallback> {
    return this.registry.waiters.until(
      () => this.record.ack ?? undefined,
      () => `a callback to ${this.describe()} ${this.attemptSummary()}`,
      timeoutMs,
    );
  }

  /** First callback attempt, accepted or refused (e.g. to assert a 10062 or a 50035). */
  waitForAttempt(timeoutMs?: number): Promise<CallbackAttempt> {
    return this.registry.waiters.until(
      () => this.record.attempts[0],
      () => `any callback attempt to ${this.describe()}`,
      timeoutMs,
    );
  }

  /** Current state of @original (null before a message-producing callback). */
  original(): FakeMessage | null {
    const id = this.record.originalId;
    const message = id ? this.registry.world.messages.get(id) : undefined;
    return message && !message.deleted ? message : null;
  }

  /** Resolves once @original satisfies the predicate (default: exists and is no longer "thinking"). */
  waitForOriginal(predicate?: (message: FakeMessage) => boolean, timeoutMs?: number): Promise<FakeMessage> {
    const test = predicate ?? ((m: FakeMessage) => (m.flags & MessageFlags.Loading) === 0);
    return this.registry.waiters.until(
      () => {
        const message = this.original();
        return message && test(message) ? message : undefined;
      },
      () => `@original of ${this.describe()} to match (now: ${JSON.stringify(this.original()?.content ?? null)})`,
      timeoutMs,
    );
  }

  followUps(): FakeMessage[] {
    return this.record.followUpIds
      .map((id) => this.registry.world.messages.get(id))
      .filter((m): m is FakeMessage => m !== undefined && !m.deleted);
  }

  waitForFollowUps(count = 1, timeoutMs?: number): Promise<FakeMessage[]> {
    return this.registry.waiters.until(
      () => (this.followUps().length >= count ? this.followUps() : undefined),
      () => `${count} follow-up(s) to ${this.describe()} (have ${this.followUps().length})`,
      timeoutMs,
    );
  }

  /** The message the response produced (reply, deferred reply, or the updated component message). */
  message(): FakeMessage {
    const message = this.original();
    if (!message) {
      throw new Error(
        `fake-discord: ${this.describe()} has no response message yet (callback: ${
          this.record.ack ? `type ${this.record.ack.type}` : 'none'
        }); await response() first`,
      );
    }
    return message;
  }

  /** The modal shown with callback type 9. */
  modal(): Dict {
    const ack = this.record.ack;
    if (!ack || ack.type !== InteractionResponseType.Modal || !ack.data) {
      throw new Error(`fake-discord: ${this.describe()} was not answered with a modal`);
    }
    return ack.data;
  }

  /** Autocomplete choices sent with callback type 8. */
  choices(): Dict[] {
    const ack = this.record.ack;
    if (!ack || ack.type !== InteractionResponseType.ApplicationCommandAutocompleteResult) {
      throw new Error(`fake-discord: ${this.describe()} was not answered with autocomplete choices`);
    }
    return (asArray(ack.data?.['choices']) ?? []).filter(isDict);
  }

  private describe(): string {
    return `${this.record.kind} "${this.record.label}" (interaction ${this.record.id})`;
  }

  private attemptSummary(): string {
    if (this.record.attempts.length === 0) return '(no callback request arrived: did the handler run or throw?)';
    return `(refused attempts: ${this.record.attempts
      .map((a) => `${a.status} ${JSON.stringify(a.error)}`)
      .join('; ')})`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------------------

export class InteractionRegistry {
  readonly world: World;
  readonly waiters: Waiters;
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();
  private readonly commandIds = new Map<string, string>();

  constructor(private readonly deps: InteractionDeps) {
    this.world = deps.world;
    this.waiters = deps.waiters;
  }

  handle(id: string): InteractionHandle | undefined {
    const record = this.byId.get(id);
    return record ? new InteractionHandle(this, record) : undefined;
  }

  // ---- injection ------------------------------------------------------------------------------------------

  slash(input: SlashInput): InteractionHandle {
    const ctx = this.context(input);
    const command = this.findCommand(input.name, ctx.guild?.id ?? null, 1);
    if (!command && this.deps.settings.strictCommands) {
      throw new Error(`fake-discord: /${input.name} is not registered (strictCommands is on)`);
    }
    const built = this.buildCommandData(input, ctx, command, undefined);
    return this.inject(ctx, InteractionType.ApplicationCommand, 'command', input.name, built, null);
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    const ctx = this.context(input);
    const command = this.findCommand(input.name, ctx.guild?.id ?? null, 1);
    const built = this.buildCommandData(input, ctx, command, input.focused);
    return this.inject(ctx, InteractionType.ApplicationCommandAutocomplete, 'autocomplete', input.name, built, null);
  }

  clickButton(input: ComponentInput): InteractionHandle {
    const { message, component, ctx } = this.componentContext(input, [ComponentType.Button]);
    if (component['style'] === 5) throw new Error(`fake-discord: "${input.customId}" is a link button`);
    const data: Dict = { custom_id: input.customId, component_type: ComponentType.Button, id: component['id'] };
    return this.inject(ctx, InteractionType.MessageComponent, 'component', input.customId, data, message);
  }

  selectMenu(input: SelectInput): InteractionHandle {
    const { message, component, ctx } = this.componentContext(input, [
      ComponentType.StringSelect,
      ComponentType.UserSelect,
      ComponentType.RoleSelect,
      ComponentType.MentionableSelect,
      ComponentType.ChannelSelect,
    ]);
    const type = asNumber(component['type']) ?? ComponentType.StringSelect;
    const min = asNumber(component['min_values']) ?? 1;
    const max = asNumber(component['max_values']) ?? 1;
    if (input.values.length < min || input.values.length > max) {
      throw new Error(`fake-discord: select "${input.customId}" takes ${min}..${max} values, got ${input.values.length}`);
    }
    const data: Dict = { custom_id: input.customId, component_type: type, values: input.values, id: component['id'] };
    if (type === ComponentType.StringSelect) {
      const allowed = (asArray(component['options']) ?? []).map((o) => asString(asDict(o)?.['value']));
      const unknown = input.values.filter((v) => !allowed.includes(v));
      if (unknown.length > 0) {
        throw new Error(`fake-discord: select "${input.customId}" has no option(s) ${unknown.join(', ')}`);
      }
    } else {
      const resolved = new Resolved();
      for (const value of input.values) this.resolveSelectValue(resolved, ctx, type, value);
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
    const ctx = this.context({
      ...input,
      user: userRef,
      guildId: input.guildId ?? from?.guildId ?? undefined,
      channelId: input.channelId ?? from?.channelId,
      dm: input.dm ?? (from ? from.guildId === null : undefined),
    });
    const customId = asString(modal?.['custom_id']) ?? input.customId;
    if (!customId) throw new Error('fake-discord: submitModal needs `from` (a modal response) or `customId`');
    const components = modal
      ? this.modalComponentsFromModal(modal, input.values)
      : this.modalComponentsFromValues(input.values, input.layout ?? 'label');
    const data: Dict = { custom_id: customId, components };
    return this.inject(ctx, InteractionType.ModalSubmit, 'modal', customId, data, source ?? null);
  }

  // ---- callbacks and webhooks (called by REST routes) ------------------------------------------------------

  callback(id: string, token: string, body: unknown, files: FakeFile[], withResponse: boolean): { status: number; body?: Dict } {
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
    if (Date.now() - record.createdAt > this.deps.settings.tokenLifetimeMs) throw errors.invalidWebhookToken();
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

  editWebhookMessage(record: InteractionRecord, messageId: string, body: unknown, files: FakeFile[]): FakeMessage {
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
    ctx: Context,
    type: InteractionType,
    kind: InteractionKind,
    label: string,
    data: Dict,
    message: FakeMessage | null,
  ): InteractionHandle {
    const id = this.world.ids.next();
    // Shaped like Discord's: base64 of "interaction:<id>:<secret>".
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const payload: Dict = {
      id,
      application_id: this.world.applicationId,
      type,
      token,
      version: 1,
      data,
      channel_id: ctx.channel.id,
      channel: ctx.channelPayload,
      app_permissions: ctx.appPermissions.toString(),
      locale: ctx.locale,
      entitlements: [],
      authorizing_integration_owners: { '0': ctx.guild?.id ?? '0' },
      context: ctx.guild ? 0 : 1,
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (ctx.guild && ctx.member) {
      payload['guild_id'] = ctx.guild.id;
      payload['guild'] = { id: ctx.guild.id, locale: 'en-US', features: [] };
      payload['guild_locale'] = 'en-US';
      payload['member'] = apiMember(ctx.member, { permissions: ctx.memberPermissions });
    } else {
      payload['user'] = apiUser(ctx.user);
    }
    if (message) payload['message'] = apiMessage(message, this.world);
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
    return new InteractionHandle(this, record);
  }

  private resolveUser(ref: UserRef, guild: FakeGuild | undefined): FakeUser {
    const key = typeof ref === 'string' ? ref : ref.id;
    const user = guild?.member(key)?.user ?? this.world.userByRef(key);
    if (!user) throw new Error(`fake-discord: unknown user "${key}"`);
    return user;
  }

  private context(input: InteractionContextInput): Context {
    const world = this.world;
    const locale = input.locale ?? 'en-US';
    if (input.dm) {
      const user = this.resolveUser(input.user, undefined);
      const channel = world.openDmChannel(user);
      return {
        user,
        member: undefined,
        guild: undefined,
        channel,
        channelPayload: apiChannel(world, channel),
        memberPermissions: 0n,
        appPermissions: BOT_ROLE_PERMISSIONS,
        locale,
      };
    }
    const guild = input.guildId ? world.guild(input.guildId) : world.guilds[0];
    if (!guild) throw new Error(`fake-discord: unknown guild "${input.guildId ?? '(none)'}"`);
    if (!guild.botPresent) throw new Error(`fake-discord: the bot is not in guild ${guild.id}`);
    const key = typeof input.user === 'string' ? input.user : input.user.id;
    const member = guild.member(key);
    if (!member) throw new Error(`fake-discord: "${key}" is not a member of guild ${guild.name}`);
    const channel = input.channelId
      ? (guild.channel(input.channelId) ?? this.threadInGuild(guild, input.channelId))
      : guild.defaultChannel;
    if (!channel) throw new Error(`fake-discord: unknown channel "${input.channelId ?? ''}" in ${guild.name}`);
    return this.guildContext(guild, member, channel, input.permissions, locale);
  }

  private threadInGuild(guild: FakeGuild, ref: string): FakeChannel | undefined {
    const channel = this.world.channels.get(ref);
    if (channel && channel.guildId === guild.id && !channel.deleted) return channel;
    return [...this.world.channels.values()].find((c) => c.guildId === guild.id && isThread(c) && c.name === ref);
  }

  private guildContext(
    guild: FakeGuild,
    member: FakeMember,
    channel: FakeChannel,
    permissions: bigint | string | string[] | undefined,
    locale: string,
  ): Context {
    const memberPermissions =
      permissions !== undefined
        ? parsePermissions(permissions)
        : member.id === guild.ownerId
          ? ALL_PERMISSIONS
          : guild.permissionsOf(member, channel);
    return {
      user: member.user,
      member,
      guild,
      channel,
      channelPayload: apiChannel(this.world, channel, {
        permissions: memberPermissions.toString(),
      }),
      memberPermissions,
      appPermissions: guild.permissionsOf(guild.botMember, channel),
      locale,
    };
  }

  private componentContext(
    input: ComponentInput,
    types: readonly number[],
  ): { message: FakeMessage; component: Dict; ctx: Context } {
    const id = typeof input.message === 'string' ? input.message : input.message.id;
    const message = this.world.messages.get(id);
    if (!message || message.deleted) throw new Error(`fake-discord: message ${id} does not exist (deleted?)`);
    const component = findComponent(message.components, input.customId);
    if (!component) {
      const ids = listCustomIds(message.components);
      throw new Error(
        `fake-discord: message ${id} has no component "${input.customId}" (custom_ids: ${ids.join(', ') || 'none'})`,
      );
    }
    const type = asNumber(component['type']) ?? -1;
    if (!types.includes(type)) {
      throw new Error(`fake-discord: component "${input.customId}" has type ${type}, expected ${types.join('/')}`);
    }
    if (component['disabled'] === true) throw new Error(`fake-discord: component "${input.customId}" is disabled`);
    const channel = this.world.channels.get(message.channel_id);
    if (!channel) throw new Error(`fake-discord: channel ${message.channel_id} is gone`);
    const guild = channel.guildId ? this.world.guild(channel.guildId) : undefined;
    if (message.ephemeral && message.interactionId) {
      const owner = this.byId.get(message.interactionId)?.userId;
      const user = this.resolveUser(input.user, guild);
      if (owner && owner !== user.id) {
        throw new Error(`fake-discord: message ${id} is ephemeral and only visible to ${owner}`);
      }
    }
    const ctx = guild
      ? this.context({
          user: input.user,
          guildId: guild.id,
          channelId: channel.id,
          permissions: input.permissions,
          locale: input.locale,
        })
      : this.context({ user: input.user, dm: true, locale: input.locale });
    return { message, component, ctx };
  }

  private findCommand(name: string, guildId: string | null, type: number): StoredCommand | undefined {
    const scopes = guildId ? [guildId, 'global'] : ['global'];
    for (const scope of scopes) {
      const found = this.world.commands.get(scope)?.find((c) => c.name === name && c.type === type);
      if (found) return found;
    }
    return undefined;
  }

  private buildCommandData(
    input: SlashInput,
    ctx: Context,
    command: StoredCommand | undefined,
    focused: string | undefined,
  ): Dict {
    const resolved = new Resolved();
    let defs = command ? ((command.options ?? []) as Dict[]) : undefined;
    const path: string[] = [];
    const wrap: Dict[] = [];
    if (input.group) {
      const group = defs?.find((o) => o['name'] === input.group && o['type'] === 2);
      if (defs && !group) throw new Error(`fake-discord: /${input.name} has no subcommand group "${input.group}"`);
      defs = group ? (asArray(group['options']) ?? []).filter(isDict) : undefined;
      path.push(input.group);
      wrap.push({ type: 2, name: input.group });
    }
    if (input.subcommand) {
      const sub = defs?.find((o) => o['name'] === input.subcommand && o['type'] === 1);
      if (defs && !sub) throw new Error(`fake-discord: /${input.name} has no subcommand "${input.subcommand}"`);
      defs = sub ? (asArray(sub['options']) ?? []).filter(isDict) : undefined;
      path.push(input.subcommand);
      wrap.push({ type: 1, name: input.subcommand });
    } else if (defs?.some((o) => o['type'] === 1 || o['type'] === 2)) {
      throw new Error(`fake-discord: /${input.name} needs a subcommand`);
    }
    const label = `/${[input.name, ...path].join(' ')}`;
    const options = this.buildOptions(label, input.options ?? {}, defs, ctx, resolved, focused);
    let tree: Dict[] = options;
    for (const level of wrap.reverse()) tree = [{ ...level, options: tree }];
    const data: Dict = {
      id: command?.id ?? this.commandId(input.name),
      name: input.name,
      type: 1,
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
      ...(tree.length > 0 ? { options: tree } : {}),
    };
    if (focused === undefined && !resolved.isEmpty()) data['resolved'] = resolved.toJSON();
    return data;
  }

  private commandId(name: string): string {
    let id = this.commandIds.get(name);
    if (!id) {
      id = this.world.ids.next();
      this.commandIds.set(name, id);
    }
    return id;
  }

  private buildOptions(
    label: string,
    values: Record<string, OptionInput>,
    defs: Dict[] | undefined,
    ctx: Context,
    resolved: Resolved,
    focused: string | undefined,
  ): Dict[] {
    const out: Dict[] = [];
    const entries: [string, OptionInput][] = Object.entries(values);
    if (focused !== undefined && !(focused in values)) entries.push([focused, '']);
    for (const [name, value] of entries) {
      const def = defs?.find((o) => o['name'] === name);
      if (defs && !def) {
        throw new Error(
          `fake-discord: ${label} has no option "${name}" (options: ${defs.map((o) => String(o['name'])).join(', ')})`,
        );
      }
      if (name === focused) {
        out.push({ type: asNumber(def?.['type']) ?? 3, name, value: String(value), focused: true });
        continue;
      }
      out.push(this.optionValue(label, name, value, def, ctx, resolved));
    }
    if (defs && focused === undefined) {
      for (const def of defs) {
        if (def['required'] === true && !(String(def['name']) in values)) {
          throw new Error(`fake-discord: ${label} requires option "${String(def['name'])}"`);
        }
      }
    }
    return out;
  }

  private optionValue(
    label: string,
    name: string,
    value: OptionInput,
    def: Dict | undefined,
    ctx: Context,
    resolved: Resolved,
  ): Dict {
    const T = ApplicationCommandOptionType;
    const type = asNumber(def?.['type']) ?? inferOptionType(value);
    const fail = (why: string): never => {
      throw new Error(`fake-discord: ${label} option "${name}": ${why}`);
    };
    const refOf = (v: OptionInput): string => {
      if (typeof v === 'string') return v;
      if (typeof v === 'object' && v !== null) {
        if ('user' in v) return typeof v.user === 'string' ? v.user : v.user.id;
        if ('channel' in v) return v.channel;
        if ('role' in v) return v.role;
        if ('mentionable' in v) return v.mentionable;
      }
      return fail(`expected an id or name, got ${JSON.stringify(v)}`);
    };
    let out: string | number | boolean;
    switch (type) {
      case T.String:
        if (typeof value === 'object') fail('expected a string');
        out = String(value);
        break;
      case T.Integer:
        out = Number(value);
        if (!Number.isInteger(out)) fail(`expected an integer, got ${JSON.stringify(value)}`);
        break;
      case T.Number:
        out = Number(value);
        if (Number.isNaN(out)) fail(`expected a number, got ${JSON.stringify(value)}`);
        break;
      case T.Boolean:
        out = value === true || value === 'true';
        break;
      case T.User:
        out = this.resolveUserOption(resolved, ctx, refOf(value)).id;
        break;
      case T.Channel:
        out = this.resolveChannelOption(resolved, ctx, refOf(value));
        break;
      case T.Role:
        out = this.resolveRoleOption(resolved, ctx, refOf(value));
        break;
      case T.Mentionable: {
        const ref = refOf(value);
        out = ctx.guild?.role(ref) ? this.resolveRoleOption(resolved, ctx, ref) : this.resolveUserOption(resolved, ctx, ref).id;
        break;
      }
      case T.Attachment: {
        if (typeof value !== 'object' || value === null || !('attachment' in value)) {
          return fail('expected { attachment: { name, data } }');
        }
        out = this.resolveAttachmentOption(resolved, ctx, value.attachment);
        break;
      }
      default:
        return fail(`unsupported option type ${type}`);
    }
    const choices = asArray(def?.['choices']);
    if (choices && choices.length > 0 && !choices.some((c) => asDict(c)?.['value'] === out)) {
      fail(`${JSON.stringify(out)} is not one of the choices`);
    }
    return { type, name, value: out };
  }

  private resolveUserOption(resolved: Resolved, ctx: Context, ref: string): FakeUser {
    const member = ctx.guild?.member(ref);
    const user = member?.user ?? this.world.userByRef(ref);
    if (!user) throw new Error(`fake-discord: unknown user "${ref}"`);
    resolved.users[user.id] = apiUser(user);
    if (member && ctx.guild) {
      resolved.members[user.id] = apiMember(member, {
        withUser: false,
        permissions: ctx.guild.permissionsOf(member, ctx.channel),
      });
    }
    return user;
  }

  private resolveChannelOption(resolved: Resolved, ctx: Context, ref: string): string {
    const channel =
      (ctx.guild ? (ctx.guild.channel(ref) ?? this.threadInGuild(ctx.guild, ref)) : undefined) ??
      this.world.channels.get(ref);
    if (!channel) throw new Error(`fake-discord: unknown channel "${ref}"`);
    const full = apiChannel(this.world, channel);
    resolved.channels[channel.id] = {
      id: channel.id,
      name: channel.name,
      type: channel.type,
      permissions: (ctx.guild && ctx.member ? ctx.guild.permissionsOf(ctx.member, channel) : 0n).toString(),
      ...(channel.parentId ? { parent_id: channel.parentId } : {}),
      ...(channel.guildId ? { guild_id: channel.guildId } : {}),
      ...(full['thread_metadata'] ? { thread_metadata: full['thread_metadata'] } : {}),
    };
    return channel.id;
  }

  private resolveRoleOption(resolved: Resolved, ctx: Context, ref: string): string {
    const role = ctx.guild?.role(ref);
    if (!role) throw new Error(`fake-discord: unknown role "${ref}"`);
    resolved.roles[role.id] = apiRole(role);
    return role.id;
  }

  private resolveAttachmentOption(resolved: Resolved, ctx: Context, input: AttachmentOptionInput): string {
    const id = this.world.ids.next();
    const data = typeof input.data === 'string' ? Buffer.from(input.data) : input.data;
    const file = makeFile(0, input.name, input.contentType ?? 'application/octet-stream', data);
    this.deps.attachmentFiles.set(id, file);
    const url = `${this.deps.baseUrl()}/attachments/${ctx.channel.id}/${id}/${encodeURIComponent(input.name)}`;
    resolved.attachments[id] = {
      id,
      filename: input.name,
      size: data.length,
      url,
      proxy_url: url,
      content_type: file.contentType,
      ephemeral: true,
    };
    return id;
  }

  private resolveSelectValue(resolved: Resolved, ctx: Context, type: number, value: string): void {
    if (type === ComponentType.UserSelect) this.resolveUserOption(resolved, ctx, value);
    else if (type === ComponentType.RoleSelect) this.resolveRoleOption(resolved, ctx, value);
    else if (type === ComponentType.ChannelSelect) this.resolveChannelOption(resolved, ctx, value);
    else if (ctx.guild?.role(value)) this.resolveRoleOption(resolved, ctx, value);
    else this.resolveUserOption(resolved, ctx, value);
  }

  /** Mirrors the shown modal: Label (18) stays Label, legacy rows stay rows, text displays are echoed. */
  private modalComponentsFromModal(modal: Dict, values: Record<string, string | string[]>): Dict[] {
    const known = new Set<string>();
    const submitted = (asArray(modal['components']) ?? []).filter(isDict).map((top): Dict => {
      if (top['type'] === ComponentType.Label) {
        const inner = asDict(top['component']) ?? {};
        return { type: ComponentType.Label, id: top['id'], component: this.submittedField(inner, values, known) };
      }
      if (top['type'] === ComponentType.ActionRow) {
        return {
          type: ComponentType.ActionRow,
          id: top['id'],
          components: (asArray(top['components']) ?? [])
            .filter(isDict)
            .map((inner) => this.submittedField(inner, values, known)),
        };
      }
      return { type: top['type'], id: top['id'] };
    });
    const unknown = Object.keys(values).filter((k) => !known.has(k));
    if (unknown.length > 0) {
      throw new Error(`fake-discord: the modal has no field(s) ${unknown.join(', ')} (has ${[...known].join(', ')})`);
    }
    return submitted;
  }

  private submittedField(inner: Dict, values: Record<string, string | string[]>, known: Set<string>): Dict {
    const customId = asString(inner['custom_id']) ?? '';
    known.add(customId);
    const value = values[customId];
    if (inner['type'] === ComponentType.TextInput) {
      const text = Array.isArray(value) ? value.join(',') : (value ?? asString(inner['value']) ?? '');
      const required = inner['required'] !== false;
      if (required && text.length === 0) throw new Error(`fake-discord: modal field "${customId}" is required`);
      const min = asNumber(inner['min_length']);
      const max = asNumber(inner['max_length']) ?? 4000;
      if (text.length > 0 && ((min !== undefined && text.length < min) || text.length > max)) {
        throw new Error(`fake-discord: modal field "${customId}" must be ${min ?? 0}..${max} characters`);
      }
      return { type: ComponentType.TextInput, id: inner['id'], custom_id: customId, value: text };
    }
    const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
    return { type: inner['type'], id: inner['id'], custom_id: customId, values: list };
  }

  private modalComponentsFromValues(values: Record<string, string | string[]>, layout: 'label' | 'row'): Dict[] {
    let id = 1;
    return Object.entries(values).map(([customId, value]) => {
      const field: Dict = Array.isArray(value)
        ? { type: ComponentType.StringSelect, id: id + 1, custom_id: customId, values: value }
        : { type: ComponentType.TextInput, id: id + 1, custom_id: customId, value };
      const top: Dict =
        layout === 'label'
          ? { type: ComponentType.Label, id, component: field }
          : { type: ComponentType.ActionRow, id, components: [field] };
      id += 2;
      return top;
    });
  }
}

interface Context {
  user: FakeUser;
  member: FakeMember | undefined;
  guild: FakeGuild | undefined;
  channel: FakeChannel;
  channelPayload: Dict;
  memberPermissions: bigint;
  appPermissions: bigint;
  locale: string;
}

class Resolved {
  users: Record<string, unknown> = {};
  members: Record<string, unknown> = {};
  roles: Record<string, unknown> = {};
  channels: Record<string, unknown> = {};
  attachments: Record<string, unknown> = {};

  isEmpty(): boolean {
    return [this.users, this.members, this.roles, this.channels, this.attachments].every(
      (m) => Object.keys(m).length === 0,
    );
  }

  toJSON(): Dict {
    const out: Dict = {};
    for (const key of ['users', 'members', 'roles', 'channels', 'attachments'] as const) {
      if (Object.keys(this[key]).length > 0) out[key] = this[key];
    }
    return out;
  }
}

function inferOptionType(value: OptionInput): number {
  const T = ApplicationCommandOptionType;
  if (typeof value === 'string') return T.String;
  if (typeof value === 'boolean') return T.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? T.Integer : T.Number;
  if ('user' in value) return T.User;
  if ('channel' in value) return T.Channel;
  if ('role' in value) return T.Role;
  if ('mentionable' in value) return T.Mentionable;
  return T.Attachment;
}

/** Depth-first search through rows, sections (accessory) and containers. */
export function findComponent(components: unknown, customId: string): Dict | undefined {
  for (const raw of asArray(components) ?? []) {
    const c = asDict(raw);
    if (!c) continue;
    if (c['custom_id'] === customId) return c;
    const nested = findComponent(c['components'], customId);
    if (nested) return nested;
    const accessory = asDict(c['accessory']);
    if (accessory?.['custom_id'] === customId) return accessory;
  }
  return undefined;
}

function listCustomIds(components: unknown): string[] {
  const out: string[] = [];
  for (const raw of asArray(components) ?? []) {
    const c = asDict(raw);
    if (!c) continue;
    const id = asString(c['custom_id']);
    if (id) out.push(id);
    out.push(...listCustomIds(c['components']));
    const accessory = asString(asDict(c['accessory'])?.['custom_id']);
    if (accessory) out.push(accessory);
  }
  return out;
}

