import { performance } from 'node:perf_hooks';
import { PermissionFlagsBits, type Interaction } from 'discord.js';
import {
  commandRunFor,
  type CommandModule,
  type ComponentHandler,
  type ComponentInteraction,
} from './command.js';
import type { AppContext } from './context.js';
import { parseCustomId, CUSTOM_ID_VERSION } from './custom-id.js';
import { Refusal } from '../domain/refusal.js';
import { GUILD_ONLY_MESSAGE, STALE_COMPONENT_MESSAGE, UserFacingError } from './errors.js';
import { renderRefusal } from './render/refusals.js';
import { replyEphemeral } from './reply.js';

export const GENERIC_ERROR_MESSAGE =
  'Something went wrong on our side while handling that. It has been logged; please try again in a moment.';
export const SHUTTING_DOWN_MESSAGE = 'Stepwise is restarting. Please try again in a few seconds.';
export { GUILD_ONLY_MESSAGE };
export const UNKNOWN_COMMAND_MESSAGE = 'That command is not available any more. Try `/help`.';
export const UNKNOWN_SUBCOMMAND_MESSAGE = 'That subcommand is not available any more. Try `/help`.';
export const MANAGE_SERVER_MESSAGE = 'This needs the **Manage Server** permission.';

type Outcome = 'ok' | 'rejected' | 'error' | 'unknown';

/** The one place that routes interactions, times them, catches every error and answers the member. */
export class Dispatcher {
  readonly #commands = new Map<string, CommandModule>();
  readonly #components = new Map<string, { module: CommandModule; handler: ComponentHandler }>();
  readonly #inFlight = new Set<Promise<void>>();
  #accepting = true;

  constructor(
    commands: readonly CommandModule[],
    private readonly ctx: AppContext,
    /**
     * Whether this instance may answer. Every session of a shard receives each interaction; a standby
     * leaves it to the active instance (a second answer would be refused with 40060 anyway, and a command
     * could have done its work twice by then).
     */
    private readonly isActive: (interaction: Interaction) => boolean = () => true,
  ) {
    for (const module of commands) {
      if (this.#commands.has(module.data.name))
        throw new Error(`Duplicate command name: ${module.data.name}`);
      this.#commands.set(module.data.name, module);
      for (const handler of module.components ?? []) {
        const key = `${handler.namespace}:${handler.action}`;
        if (this.#components.has(key)) throw new Error(`Duplicate component handler: ${key}`);
        this.#components.set(key, { module, handler });
      }
    }
  }

  get inFlightCount(): number {
    return this.#inFlight.size;
  }

  /** Entry point for `interactionCreate`; never throws. */
  handle(interaction: Interaction): Promise<void> {
    if (!this.isActive(interaction)) {
      this.ctx.logger.debug(
        { interactionId: interaction.id },
        'standby: interaction left to the active instance',
      );
      return Promise.resolve();
    }
    const work = this.#handle(interaction).finally(() => this.#inFlight.delete(work));
    this.#inFlight.add(work);
    return work;
  }

  /** Stop taking new work: later interactions get a polite "restarting" answer. */
  stopAccepting(): void {
    this.#accepting = false;
  }

  /** Waits for in-flight interactions to finish, at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = Promise.allSettled([...this.#inFlight]).then(() => true as const);
    const result = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return result;
  }

  async #handle(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const label = describe(interaction);
    let outcome: Outcome = 'ok';
    try {
      if (!this.#accepting) {
        outcome = 'rejected';
        await replyEphemeral(interaction, SHUTTING_DOWN_MESSAGE);
        return;
      }
      if (
        !interaction.inGuild() &&
        !interaction.isChatInputCommand() &&
        !this.#componentAllowedInDm(interaction)
      ) {
        outcome = 'rejected';
        await replyEphemeral(interaction, GUILD_ONLY_MESSAGE);
        return;
      }
      outcome = await this.#route(interaction);
    } catch (error) {
      // A refusal (from a service or from the Discord layer) is an answer, not a failure.
      outcome = error instanceof Refusal ? 'rejected' : 'error';
      if (outcome === 'error') {
        this.ctx.logger.error({ err: error, interactionId: interaction.id, ...label }, 'interaction failed');
      }
      await this.#answerError(
        interaction,
        error instanceof Refusal ? renderRefusal(error) : GENERIC_ERROR_MESSAGE,
      );
    } finally {
      this.ctx.logger.info(
        {
          interactionId: interaction.id,
          ...label,
          guildId: interaction.guildId,
          userId: interaction.user.id,
          latencyMs: Math.round((performance.now() - started) * 100) / 100,
          outcome,
        },
        'interaction',
      );
    }
  }

  async #route(interaction: Interaction): Promise<Outcome> {
    if (interaction.isChatInputCommand()) {
      const module = this.#commands.get(interaction.commandName);
      const entry = module && commandRunFor(module, interaction.options.getSubcommand(false));
      if (!module || !entry) {
        await replyEphemeral(interaction, module ? UNKNOWN_SUBCOMMAND_MESSAGE : UNKNOWN_COMMAND_MESSAGE);
        return 'unknown';
      }
      if (!entry.guildOnly) {
        this.#checkAdmin(module.adminOnly, interaction);
        await entry.run(interaction, this.ctx);
        return 'ok';
      }
      if (!interaction.inGuild()) {
        await replyEphemeral(interaction, GUILD_ONLY_MESSAGE);
        return 'rejected';
      }
      this.#checkAdmin(module.adminOnly, interaction);
      await entry.run(interaction, this.ctx);
      return 'ok';
    }
    if (interaction.isAutocomplete()) {
      const module = this.#commands.get(interaction.commandName);
      if (!module?.autocomplete || (module.adminOnly && !hasManageGuild(interaction))) {
        await interaction.respond([]);
        return module ? 'rejected' : 'unknown';
      }
      await module.autocomplete(interaction, this.ctx);
      return 'ok';
    }
    if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) {
      return this.#routeComponent(interaction);
    }
    if (interaction.isRepliable()) {
      await replyEphemeral(interaction, 'Stepwise does not handle that kind of interaction.');
    }
    return 'unknown';
  }

  async #routeComponent(interaction: ComponentInteraction): Promise<Outcome> {
    const parsed = parseCustomId(interaction.customId);
    const entry = parsed && this.#components.get(`${parsed.namespace}:${parsed.action}`);
    if (!parsed || !entry || parsed.version !== CUSTOM_ID_VERSION) {
      await replyEphemeral(interaction, STALE_COMPONENT_MESSAGE);
      return 'unknown';
    }
    this.#checkAdmin(entry.module.adminOnly || entry.handler.adminOnly, interaction);
    await entry.handler.run(interaction, parsed.args, this.ctx);
    return 'ok';
  }

  /** Slash commands are checked where they are routed; other interactions here. */
  #componentAllowedInDm(interaction: Interaction): boolean {
    if (!interaction.isButton() && !interaction.isStringSelectMenu() && !interaction.isModalSubmit())
      return false;
    const parsed = parseCustomId(interaction.customId);
    return Boolean(parsed && this.#components.get(`${parsed.namespace}:${parsed.action}`)?.handler.allowInDm);
  }

  #checkAdmin(adminOnly: boolean | undefined, interaction: Interaction): void {
    // Server owners can loosen a command's default permissions, so the runtime check is the real gate.
    if (adminOnly && !hasManageGuild(interaction)) throw new UserFacingError(MANAGE_SERVER_MESSAGE);
  }

  async #answerError(interaction: Interaction, message: string): Promise<void> {
    try {
      await replyEphemeral(interaction, message);
    } catch (error) {
      // The interaction may have expired or Discord may be down; there is nobody left to tell.
      this.ctx.logger.warn({ err: error, interactionId: interaction.id }, 'could not send the error reply');
    }
  }
}

function hasManageGuild(interaction: Interaction): boolean {
  return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

function describe(interaction: Interaction): { kind: string; command?: string; customId?: string } {
  if (interaction.isChatInputCommand()) {
    const sub = interaction.options.getSubcommand(false);
    return { kind: 'command', command: sub ? `${interaction.commandName} ${sub}` : interaction.commandName };
  }
  if (interaction.isAutocomplete()) return { kind: 'autocomplete', command: interaction.commandName };
  if (interaction.isButton()) return { kind: 'button', customId: interaction.customId };
  if (interaction.isStringSelectMenu()) return { kind: 'select', customId: interaction.customId };
  if (interaction.isModalSubmit()) return { kind: 'modal', customId: interaction.customId };
  return { kind: `type-${interaction.type}` };
}
