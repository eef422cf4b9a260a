import {
  DiscordAPIError,
  HTTPError,
  RateLimitError,
  Routes,
  type APIChannel,
  type APIEmbed,
  type APIMessage,
  type REST,
} from 'discord.js';
import type { MessageRow } from './render/components.js';

/** A message the scheduler sends outside any interaction. */
export interface OutgoingMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: MessageRow[];
  /** The only users this message may ping; everything else is silenced. */
  pingUsers?: readonly string[];
  files?: readonly OutgoingFile[];
}

/** A file attached to a message; `description` is its alt text (Discord allows 1024 characters). */
export interface OutgoingFile {
  name: string;
  data: Buffer;
  description: string;
}

export type SendFailureKind =
  'dm-closed' | 'forbidden' | 'unknown-channel' | 'member-left' | 'retryable' | 'fatal';

export class SendError extends Error {
  constructor(
    readonly kind: SendFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** Discord's error codes that decide what a failed send means for the member. */
const CANNOT_DM = 50007;
const UNKNOWN_CHANNEL = 10003;
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;
const UNKNOWN_MEMBER = 10007;
const UNKNOWN_USER = 10013;

export function classifySendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  if (error instanceof DiscordAPIError) {
    if (error.code === CANNOT_DM) return new SendError('dm-closed', error.message);
    if (error.code === UNKNOWN_CHANNEL) return new SendError('unknown-channel', error.message);
    if (error.code === UNKNOWN_MEMBER || error.code === UNKNOWN_USER)
      return new SendError('member-left', `${error.status} ${error.code}: ${error.message}`);
    if (error.code === MISSING_ACCESS || error.code === MISSING_PERMISSIONS)
      return new SendError('forbidden', error.message);
    if (error.status >= 500 || error.status === 429) return new SendError('retryable', error.message);
    return new SendError('fatal', `${error.status} ${error.code}: ${error.message}`);
  }
  if (error instanceof HTTPError)
    return new SendError(error.status >= 500 ? 'retryable' : 'fatal', error.message);
  if (error instanceof RateLimitError) return new SendError('retryable', error.message);
  // Network errors (connection reset, timeouts) are worth another try.
  return new SendError('retryable', error instanceof Error ? error.message : String(error));
}

/**
 * Sends through the REST client directly: scheduled work must not depend on what the gateway cache
 * happens to hold. @discordjs/rest queues per route and keeps under the global limit on its own.
 */
export class Messenger {
  constructor(private readonly rest: REST) {}

  async openDm(userId: string): Promise<string> {
    try {
      const channel = (await this.rest.post(Routes.userChannels(), {
        body: { recipient_id: userId },
      })) as APIChannel;
      return channel.id;
    } catch (error) {
      throw classifySendError(error);
    }
  }

  /**
   * Whether the user is still a member of the server: Discord answers 10007 Unknown Member (or 10013
   * Unknown User, for a deleted account) for someone who left. Needs no privileged intent.
   */
  async isGuildMember(guildId: string, userId: string): Promise<boolean> {
    try {
      await this.rest.get(Routes.guildMember(guildId, userId));
      return true;
    } catch (error) {
      if (error instanceof DiscordAPIError && (error.code === UNKNOWN_MEMBER || error.code === UNKNOWN_USER))
        return false;
      throw classifySendError(error);
    }
  }

  /**
   * The id of a message this bot already posted in the channel that says what `message` says (same first
   * embed title, content and component ids), among the latest `limit`. Discord honours a nonce only for a
   * few minutes and does not return it when messages are read, so after a crash or a lost answer this is
   * how a send whose outcome is unknown is resolved, however long the outage.
   */
  async findSent(channelId: string, message: OutgoingMessage, limit = 100): Promise<string | undefined> {
    try {
      const recent = (await this.rest.get(Routes.channelMessages(channelId), {
        query: new URLSearchParams({ limit: String(limit) }),
      })) as APIMessage[];
      const wanted = fingerprint(message);
      return recent.find((sent) => sent.author.bot === true && fingerprint(sent) === wanted)?.id;
    } catch (error) {
      throw classifySendError(error);
    }
  }

  /**
   * `nonce` + `enforce_nonce` make Discord return the first message instead of posting a second one when
   * the same send is retried (after a crash between sending and recording it).
   */
  async send(channelId: string, message: OutgoingMessage, nonce?: string): Promise<string> {
    try {
      const sent = (await this.rest.post(Routes.channelMessages(channelId), {
        body: {
          content: message.content,
          embeds: message.embeds,
          components: message.components,
          allowed_mentions: { parse: [], users: [...(message.pingUsers ?? [])] },
          ...(nonce ? { nonce, enforce_nonce: true } : {}),
          // Files go as multipart `files[n]`; each attachment's id is its n, which carries the alt text.
          ...(message.files?.length
            ? {
                attachments: message.files.map((f, id) => ({
                  id,
                  filename: f.name,
                  description: f.description,
                })),
              }
            : {}),
        },
        ...(message.files?.length
          ? { files: message.files.map((f) => ({ name: f.name, data: f.data })) }
          : {}),
      })) as APIMessage;
      return sent.id;
    } catch (error) {
      throw classifySendError(error);
    }
  }
}

/** What identifies one logical message of ours: every scheduled message carries its round or group in its component ids or title. */
function fingerprint(message: {
  content?: string;
  embeds?: ReadonlyArray<{ title?: string }>;
  components?: readonly unknown[];
}): string {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const record = node as { custom_id?: unknown; components?: unknown; component?: unknown };
    if (typeof record.custom_id === 'string') ids.push(record.custom_id);
    if (Array.isArray(record.components)) for (const child of record.components as unknown[]) walk(child);
    walk(record.component);
  };
  for (const row of message.components ?? []) walk(row);
  return JSON.stringify([message.content ?? '', message.embeds?.[0]?.title ?? '', ids]);
}
