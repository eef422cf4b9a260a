/** Public API of the fake Discord used by end-to-end tests. See README.md. */
export { FakeDiscord, startFakeDiscord } from './server.js';
export { InteractionHandle } from './interaction-handle.js';
export type {
  AttachmentOptionInput,
  AutocompleteInput,
  ComponentInput,
  InteractionContextInput,
  InteractionKind,
  ModalSubmitInput,
  OptionInput,
  SelectInput,
  SlashInput,
  UserRef,
} from './interaction-types.js';
export type { DelayNextSpec, FailNextSpec } from './faults.js';
export type { DropMode } from './gateway.js';
export type { FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser, MentionViolation } from './state.js';
export type {
  CallbackAttempt,
  ChannelSeed,
  FakeDiscordOptions,
  FakeFile,
  FakeMessage,
  FakeStats,
  GuildSeed,
  InteractionCallback,
  MemberSeed,
  Pings,
  RateLimitOptions,
  RecordedRequest,
  RoleSeed,
  StoredCommand,
} from './types.js';
export { DEFAULT_APPLICATION_ID, DEFAULT_GUILD_NAME, DEFAULT_TOKEN } from './fixtures.js';
export { MESSAGE_LIMITS } from './validation/fields.js';
export { guildIdOnShard, snowflakeAt, snowflakeTimestamp, isSnowflake } from './snowflake.js';
export { ALL_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, INVITE_PERMISSIONS } from './permissions.js';
