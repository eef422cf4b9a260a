import type {
  APIAllowedMentions,
  APIAttachment,
  APIEmbed,
  APIMessageTopLevelComponent,
} from 'discord-api-types/v10';
import { ChannelType, MessageFlags, MessageType } from 'discord-api-types/v10';
import { errors, FormErrors } from './errors.js';
import type { Dict } from './json.js';
import { asArray, asDict, asNumber, asString, cloneJson } from './json.js';
import { apiMember, apiMessage, apiUser } from './serialize.js';
import type { FakeChannel, FakeUser, World } from './state.js';
import { isThread } from './state.js';
import type { FakeFile, FakeMessage } from './types.js';
import { validateMessageBody } from './validation/messages.js';
import { applyMentions } from './mentions.js';
import { assignComponentIds } from './component-ids.js';

type Path = readonly (string | number)[];

export interface InteractionOrigin {
  id: string;
  type: number;
  name?: string;
  userId: string;
  guildId: string | null;
}

export interface CreateMessageParams {
  channel: FakeChannel;
  author: FakeUser;
  body: Dict;
  files: FakeFile[];
  /** Where field errors are reported, e.g. ['data'] for interaction callbacks. */
  errorPath?: Path;
  allowEphemeral?: boolean;
  interaction?: InteractionOrigin;
  /** The deferred "thinking" message: no content checks, Loading flag. */
  loading?: boolean;
  /** Honour `enforce_nonce` (Discord does so only for POST /channels/{id}/messages, not for webhooks). */
  enforceNonce?: boolean;
}

/** Discord keeps an enforced nonce for "a few minutes"; about 5 in practice. */
export const DEFAULT_NONCE_WINDOW_MS = 5 * 60_000;
const NONCE_MAX_LENGTH = 25;

interface NonceRecord {
  messageId: string;
  at: number;
}

/** Creates, edits and deletes messages with Discord's validation, mention rules and gateway events. */
export class MessageService {
  /** Attachment id -> bytes, served at /attachments/... */
  readonly attachmentFiles = new Map<string, FakeFile>();
  /** `channel:author:nonce` -> the message it created; insertion order = creation order. */
  private readonly nonces = new Map<string, NonceRecord>();

  constructor(
    private readonly world: World,
    private readonly baseUrl: () => string,
    private readonly dispatch: (channel: FakeChannel, t: string, d: Dict) => void,
    private readonly nonceWindowMs: number = DEFAULT_NONCE_WINDOW_MS,
  ) {}

  /**
   * Creates a message, or, with `enforce_nonce` and a nonce this author used in this channel within the
   * window, returns the message that nonce created (`created: false`; no second MESSAGE_CREATE).
   */
  createOrReplay(params: CreateMessageParams): { message: FakeMessage; created: boolean } {
    const { channel, author, body } = params;
    const errorPath = params.errorPath ?? [];
    const formErrors = new FormErrors();
    // The whole body is checked first, so an invalid retry is refused even when its nonce is known.
    validateMessageBody(formErrors, errorPath, body, { allowEphemeral: params.allowEphemeral ?? false });
    const nonce = validateNonce(formErrors, errorPath, body);
    formErrors.throwIfAny();
    const enforced = params.enforceNonce === true && body['enforce_nonce'] === true && nonce !== undefined;
    if (!enforced) return { message: this.create(params), created: true };
    // Timed on the fake's clock (the tests' manual clock when they set one): "15 minutes later" is past it.
    const now = this.world.now();
    this.forgetNoncesBefore(now - this.nonceWindowMs);
    const key = `${channel.id}:${author.id}:${String(nonce)}`;
    const seen = this.nonces.get(key);
    if (seen) {
      const existing = this.world.messages.get(seen.messageId);
      // Discord does not re-create a message that was deleted since: the retry answers Unknown Message.
      if (!existing || existing.deleted) throw errors.unknownMessage();
      return { message: existing, created: false };
    }
    const message = this.create(params);
    this.nonces.set(key, { messageId: message.id, at: now });
    return { message, created: true };
  }

  create(params: CreateMessageParams): FakeMessage {
    const { channel, author, body, files } = params;
    const errorPath = params.errorPath ?? [];
    const formErrors = new FormErrors();
    let flags = validateMessageBody(formErrors, errorPath, body, {
      allowEphemeral: params.allowEphemeral ?? false,
    });
    validateNonce(formErrors, errorPath, body);
    const reference = this.resolveReference(formErrors, errorPath, channel, body['message_reference']);
    formErrors.throwIfAny();

    const id = this.world.ids.next();
    if (params.loading) flags |= MessageFlags.Loading;
    const message: FakeMessage = {
      id,
      channel_id: channel.id,
      ...(channel.guildId ? { guild_id: channel.guildId } : {}),
      author: apiUser(author),
      content: asString(body['content']) ?? '',
      embeds: cloneJson((asArray(body['embeds']) ?? []) as APIEmbed[]),
      components: assignComponentIds(
        cloneJson((asArray(body['components']) ?? []) as APIMessageTopLevelComponent[]),
      ),
      attachments: this.attachmentsFor(channel.id, body['attachments'], files, []),
      flags,
      type: reference
        ? MessageType.Reply
        : params.interaction?.type === 2
          ? MessageType.ChatInputCommand
          : MessageType.Default,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: body['tts'] === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      reactions: [],
      allowed_mentions: (asDict(body['allowed_mentions']) as APIAllowedMentions | undefined) ?? null,
      pings: { users: [], roles: [], everyone: false },
      files,
      interactionId: params.interaction?.id ?? null,
      ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
      deleted: false,
      edits: 0,
    };
    const nonce = body['nonce'];
    if (typeof nonce === 'string' || typeof nonce === 'number') message.nonce = nonce;
    if (reference) message.message_reference = reference.ref;
    if (params.interaction) {
      const user = this.world.users.get(params.interaction.userId);
      message.webhook_id = this.world.applicationId;
      message.application_id = this.world.applicationId;
      message.interaction_metadata = {
        id: params.interaction.id,
        type: params.interaction.type,
        ...(params.interaction.name ? { name: params.interaction.name } : {}),
        user: user ? apiUser(user) : undefined,
        authorizing_integration_owners: { '0': params.interaction.guildId ?? '0' },
      };
    }
    if (!params.loading) this.assertNotEmpty(message);
    applyMentions(this.world, message, channel, reference?.authorId);
    this.world.addMessage(message, !message.ephemeral);
    if (!message.ephemeral) this.dispatch(channel, 'MESSAGE_CREATE', this.gatewayMessage(message, channel));
    return message;
  }

  /** PATCH semantics: fields present replace the old ones; attachments kept unless listed otherwise. */
  edit(
    message: FakeMessage,
    body: Dict,
    files: FakeFile[],
    errorPath: Path = [],
    allowEphemeral = false,
  ): FakeMessage {
    const formErrors = new FormErrors();
    const flags = validateMessageBody(formErrors, errorPath, body, { allowEphemeral });
    formErrors.throwIfAny();
    const next: FakeMessage = { ...message };
    if ('content' in body) next.content = asString(body['content']) ?? '';
    if ('embeds' in body) next.embeds = cloneJson((asArray(body['embeds']) ?? []) as APIEmbed[]);
    if ('components' in body) {
      next.components = assignComponentIds(
        cloneJson((asArray(body['components']) ?? []) as APIMessageTopLevelComponent[]),
      );
    }
    if ('attachments' in body || files.length > 0) {
      next.attachments = this.attachmentsFor(
        message.channel_id,
        body['attachments'],
        files,
        message.attachments,
      );
      next.files = [
        ...message.files.filter((f) => next.attachments.some((a) => a.filename === f.name)),
        ...files,
      ];
    }
    if ('flags' in body) {
      const keep = message.flags & (MessageFlags.Ephemeral | MessageFlags.HasThread);
      next.flags = keep | (flags & (MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2));
    }
    next.flags &= ~MessageFlags.Loading;
    if ('allowed_mentions' in body) {
      next.allowed_mentions = (asDict(body['allowed_mentions']) as APIAllowedMentions | undefined) ?? null;
    }
    this.assertNotEmpty(next);
    next.edited_timestamp = new Date().toISOString();
    next.edits = message.edits + 1;
    Object.assign(message, next);
    const channel = this.world.channels.get(message.channel_id);
    if (channel) applyMentions(this.world, message, channel, undefined);
    this.world.changed();
    if (channel && !message.ephemeral)
      this.dispatch(channel, 'MESSAGE_UPDATE', this.gatewayMessage(message, channel));
    return message;
  }

  delete(message: FakeMessage): void {
    this.world.removeMessage(message);
    const channel = this.world.channels.get(message.channel_id);
    if (channel && !message.ephemeral) {
      this.dispatch(channel, 'MESSAGE_DELETE', {
        id: message.id,
        channel_id: message.channel_id,
        ...(channel.guildId ? { guild_id: channel.guildId } : {}),
      });
    }
  }

  /** MESSAGE_CREATE/UPDATE payload: the message plus guild_id, member and channel_type. */
  gatewayMessage(message: FakeMessage, channel: FakeChannel): Dict {
    const guild = channel.guildId ? this.world.guild(channel.guildId) : undefined;
    const member = guild?.member(message.author.id);
    return {
      ...apiMessage(message, this.world),
      channel_type: channel.type,
      ...(guild ? { guild_id: guild.id } : {}),
      ...(member && !message.webhook_id ? { member: apiMember(member, { withUser: false }) } : {}),
    };
  }

  private forgetNoncesBefore(cutoff: number): void {
    for (const [key, record] of this.nonces) {
      if (record.at >= cutoff) break;
      this.nonces.delete(key);
    }
  }

  private assertNotEmpty(message: FakeMessage): void {
    const hasContent = message.content.length > 0;
    const hasEmbeds = message.embeds.length > 0;
    const hasComponents = message.components.length > 0;
    const hasFiles = message.attachments.length > 0;
    if (!hasContent && !hasEmbeds && !hasComponents && !hasFiles) throw errors.emptyMessage();
  }

  private resolveReference(
    formErrors: FormErrors,
    errorPath: Path,
    channel: FakeChannel,
    raw: unknown,
  ): { ref: Dict; authorId: string } | undefined {
    const ref = asDict(raw);
    if (!ref) return undefined;
    const messageId = asString(ref['message_id']);
    const target = messageId ? this.world.messages.get(messageId) : undefined;
    const targetChannel = asString(ref['channel_id']) ?? channel.id;
    if (!target || target.deleted || target.channel_id !== targetChannel) {
      if (ref['fail_if_not_exists'] === false) return undefined;
      formErrors.add(
        [...errorPath, 'message_reference'],
        'MESSAGE_REFERENCE_UNKNOWN_MESSAGE',
        'Unknown message',
      );
      return undefined;
    }
    return {
      ref: {
        type: 0,
        message_id: target.id,
        channel_id: target.channel_id,
        ...(target.guild_id ? { guild_id: target.guild_id } : {}),
      },
      authorId: target.author.id,
    };
  }

  private attachmentsFor(
    channelId: string,
    rawList: unknown,
    files: FakeFile[],
    existing: APIAttachment[],
  ): APIAttachment[] {
    const list = asArray(rawList);
    const out: APIAttachment[] = [];
    const used = new Set<FakeFile>();
    const add = (file: FakeFile, description: string | undefined, filename: string | undefined): void => {
      used.add(file);
      const id = this.world.ids.next();
      const name = filename ?? file.name;
      this.attachmentFiles.set(id, file);
      const url = `${this.baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(name)}`;
      out.push({
        id,
        filename: name,
        size: file.data.length,
        url,
        proxy_url: url,
        content_type: file.contentType,
        ...(description ? { description } : {}),
      });
    };
    if (list) {
      for (const raw of list) {
        const item = asDict(raw);
        if (!item) continue;
        const rawId = item['id'];
        const old = existing.find((a) => a.id === String(rawId));
        if (old) {
          out.push(old);
          continue;
        }
        const index = asNumber(rawId) ?? Number(asString(rawId) ?? NaN);
        const file = files.find((f) => f.index === index);
        if (file) add(file, asString(item['description']), asString(item['filename']));
      }
    } else {
      out.push(...existing);
    }
    for (const file of files) if (!used.has(file)) add(file, undefined, undefined);
    return out;
  }

  /** For a channel that accepts messages: text, announcement, DM and thread channels. */
  static isTextBased(channel: FakeChannel): boolean {
    return (
      channel.type === ChannelType.GuildText ||
      channel.type === ChannelType.GuildAnnouncement ||
      channel.type === ChannelType.DM ||
      channel.type === ChannelType.GuildVoice ||
      isThread(channel)
    );
  }
}

/**
 * `nonce`: a string of at most 25 characters or an integer; `enforce_nonce`: a boolean. Returns the nonce
 * when one was given.
 */
function validateNonce(formErrors: FormErrors, errorPath: Path, body: Dict): string | number | undefined {
  const nonce = body['nonce'];
  const enforce = body['enforce_nonce'];
  if (enforce !== undefined && enforce !== null && typeof enforce !== 'boolean') {
    formErrors.add([...errorPath, 'enforce_nonce'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
  }
  if (nonce === undefined || nonce === null) return undefined;
  if (typeof nonce === 'string') {
    if ([...nonce].length > NONCE_MAX_LENGTH) {
      formErrors.add(
        [...errorPath, 'nonce'],
        'BASE_TYPE_MAX_LENGTH',
        `Must be ${NONCE_MAX_LENGTH} or fewer in length.`,
      );
      return undefined;
    }
    return nonce;
  }
  if (typeof nonce === 'number' && Number.isSafeInteger(nonce)) return nonce;
  formErrors.add([...errorPath, 'nonce'], 'NONCE_TYPE_INVALID', 'Nonce must be an integer or a string.');
  return undefined;
}
