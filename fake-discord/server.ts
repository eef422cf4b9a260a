import { FakeDiscordCore } from './core.js';
import type { DelayNextSpec, FailNextSpec } from './faults.js';
import type { DropMode } from './gateway.js';
import type { InteractionHandle } from './interaction-handle.js';
import type {
  AutocompleteInput,
  ComponentInput,
  ModalSubmitInput,
  SelectInput,
  SlashInput,
  UserRef,
} from './interaction-types.js';
import type { FakeMember } from './state.js';
import type { FakeDiscordOptions, FakeMessage, MemberSeed } from './types.js';

/**
 * The fake Discord a test, the playground or a bench drives: members' interactions injected, the gateway
 * dropped or resumed, the server changed under the bot, failures and delays injected.
 */
export class FakeDiscord extends FakeDiscordCore {
  // ---- interactions ---------------------------------------------------------------------------------------

  async slash(input: SlashInput): Promise<InteractionHandle> {
    return this.registry.slash(input);
  }

  async autocomplete(input: AutocompleteInput): Promise<InteractionHandle> {
    return this.registry.autocomplete(input);
  }

  async clickButton(input: ComponentInput): Promise<InteractionHandle> {
    return this.registry.clickButton(input);
  }

  async selectMenu(input: SelectInput): Promise<InteractionHandle> {
    return this.registry.selectMenu(input);
  }

  async submitModal(input: ModalSubmitInput): Promise<InteractionHandle> {
    return this.registry.submitModal(input);
  }

  interaction(id: string): InteractionHandle | undefined {
    return this.registry.handle(id);
  }

  // ---- gateway control ------------------------------------------------------------------------------------

  /** Sends any dispatch event (routed by d.guild_id), unfiltered by intents. Returns the sessions reached. */
  dispatch(t: string, d: unknown): number {
    return this.gateway.dispatchRaw(t, d);
  }

  /** 'terminate' (default, like a network drop: 1006) or a close code (4000 resumes, 1000 re-identifies). */
  dropGateway(mode: DropMode = 'terminate'): number {
    return this.gateway.drop(mode);
  }

  /** Op 7 Reconnect. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Op 9 Invalid Session. */
  invalidateSession(resumable = false): void {
    this.gateway.invalidateSessions(resumable);
  }

  /** false: stop answering heartbeats (the client then treats the connection as a zombie and resumes). */
  setHeartbeatAck(enabled: boolean): void {
    this.gateway.ackHeartbeats = enabled;
  }

  /** Things Discord would have silently ignored (e.g. op 8 without the GuildMembers intent). */
  get gatewayWarnings(): readonly string[] {
    return this.gateway.warnings;
  }

  /** Paths of gateway connections, e.g. '/?v=10&encoding=json' then '/resume?v=10&encoding=json'. */
  get gatewayConnections(): readonly string[] {
    return this.gateway.connectionPaths;
  }

  /** Resolves once `count` IDENTIFYs happened in total (default 1). */
  waitForIdentify(options: { count?: number; timeoutMs?: number } = {}): Promise<number> {
    const count = options.count ?? 1;
    return this.waitFor(
      () => (this.stats.identifies >= count ? this.stats.identifies : undefined),
      () => `${count} gateway IDENTIFY (have ${this.stats.identifies})`,
      options.timeoutMs,
    );
  }

  /** Resolves on the next RESUME (or once `count` resumes happened in total). */
  waitForResume(options: { count?: number; timeoutMs?: number } = {}): Promise<number> {
    const count = options.count ?? this.stats.resumes + 1;
    return this.waitFor(
      () => (this.stats.resumes >= count ? this.stats.resumes : undefined),
      () => `${count} gateway RESUME (have ${this.stats.resumes})`,
      options.timeoutMs,
    );
  }

  /** Kicks the bot: GUILD_DELETE (without `unavailable`), then REST answers 50001 for that guild. */
  removeBotFromGuild(guildId: string): void {
    this.guildEvents.removeBot(this.guildById(guildId));
  }

  /** Re-adds the bot: GUILD_CREATE (discord.js emits guildCreate). */
  addBotToGuild(guildId: string): void {
    this.guildEvents.addBot(this.guildById(guildId));
  }

  /** A new member joins: GUILD_MEMBER_ADD (GuildMembers intent). */
  addMember(seed: string | MemberSeed, guildId?: string): FakeMember {
    return this.guildEvents.addMember(this.guildById(guildId), seed);
  }

  /** A member leaves: GUILD_MEMBER_REMOVE. */
  removeMember(ref: UserRef, guildId?: string): void {
    const guild = this.guildById(guildId);
    this.guildEvents.removeMember(guild, this.member(ref, guild.id));
  }

  /**
   * A user posts a message (MESSAGE_CREATE; content hidden without MessageContent unless the bot is
   * mentioned). `dm: true` posts in the user's DM with the bot.
   */
  sendAsUser(input: {
    user: UserRef;
    content: string;
    channelId?: string;
    dm?: boolean;
    guildId?: string;
  }): FakeMessage {
    const author = this.user(input.user);
    const channel = input.dm
      ? this.world.openDmChannel(author)
      : input.channelId
        ? this.channel(input.channelId)
        : this.guildById(input.guildId).defaultChannel;
    return this.messages.create({ channel, author, body: { content: input.content }, files: [] });
  }

  // ---- faults ---------------------------------------------------------------------------------------------

  /** The next `count` requests matching method + route get this status/body instead of being handled. */
  failNext(spec: FailNextSpec): void {
    this.faults.failNext(spec);
  }

  /** Delays the next `count` matching requests by `ms`. */
  delayNext(spec: DelayNextSpec): void {
    this.faults.delayNext(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /**
   * The DM channel with a user, opened as if the bot had done it in an earlier week (no request recorded,
   * no rate limit spent): for benches that start from "channels already open".
   */
  openDmChannel(ref: UserRef): string {
    return this.world.openDmChannel(this.user(ref)).id;
  }

  /** The user closed DMs from server members: DMs to them fail with 403 50007. */
  closeDms(ref: UserRef): void {
    this.user(ref).dmsOpen = false;
  }

  openDms(ref: UserRef): void {
    this.user(ref).dmsOpen = true;
  }

  /**
   * Takes Send Messages (and thread creation/sending) from the bot in a channel via a member overwrite,
   * like a moderator would: sends get 403 50013, and CHANNEL_UPDATE tells the client.
   */
  denyChannel(ref: string): void {
    this.guildEvents.denyChannel(this.channel(ref));
  }

  allowChannel(ref: string): void {
    this.guildEvents.allowChannel(this.channel(ref));
  }

  /**
   * The clock threads auto-archive by: the tests' manual clock, so "a week later" archives a 7-day thread.
   * Default: the real clock.
   */
  useClock(now: () => number): void {
    this.world.now = now;
  }
}

/** Starts the fake on 127.0.0.1 at a free port. Always `await fake.close()` (e.g. in afterEach). */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.listen();
  return fake;
}
