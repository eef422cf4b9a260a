import type { InteractionType } from 'discord-api-types/v10';
import type { InteractionHandle } from './interaction-handle.js';
import type { Dict } from './json.js';
import type { FakeChannel, FakeGuild, FakeMember, FakeUser } from './state.js';
import type { CallbackAttempt, FakeMessage, InteractionCallback } from './types.js';

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

/** Who acts where, resolved from an InteractionContextInput. */
export interface InteractionContext {
  user: FakeUser;
  member: FakeMember | undefined;
  guild: FakeGuild | undefined;
  channel: FakeChannel;
  channelPayload: Dict;
  memberPermissions: bigint;
  appPermissions: bigint;
  locale: string;
}
