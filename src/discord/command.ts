import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { z } from 'zod';
import type { AppContext } from './context.js';
import type { CustomIdArgs, CustomIdSpec } from './custom-id.js';
import { STALE_COMPONENT_MESSAGE, UserFacingError } from './errors.js';

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/** A button, select or modal handled by a command module, keyed by its custom id's `namespace:action`. */
export interface ComponentHandler {
  namespace: string;
  action: string;
  /** Admin-only components re-check Manage Server like admin commands do. */
  adminOnly?: boolean;
  /** Buttons on direct messages (check-in prompts) arrive without a server; they carry it in the id. */
  allowInDm?: boolean;
  run(interaction: ComponentInteraction, rawArgs: readonly string[], ctx: AppContext): Promise<void>;
}

/**
 * Handles one kind of custom id (see custom-ids.ts): its arguments are parsed by the spec's own schema
 * and the interaction checked to be of the expected kind first; anything else is answered as stale.
 */
export function defineComponent<S extends CustomIdArgs, I extends ComponentInteraction>(
  id: CustomIdSpec<S>,
  handler: {
    adminOnly?: boolean;
    allowInDm?: boolean;
    accepts: (interaction: ComponentInteraction) => interaction is I;
    run: (interaction: I, args: z.output<S>, ctx: AppContext) => Promise<void>;
  },
): ComponentHandler {
  return {
    namespace: id.namespace,
    action: id.action,
    adminOnly: handler.adminOnly,
    allowInDm: handler.allowInDm,
    async run(interaction, rawArgs, ctx) {
      const parsed = id.args.safeParse(rawArgs);
      if (!parsed.success || !handler.accepts(interaction))
        throw new UserFacingError(STALE_COMPONENT_MESSAGE);
      await handler.run(interaction, parsed.data, ctx);
    },
  };
}

export const isButton = (i: ComponentInteraction): i is ButtonInteraction => i.isButton();
export const isStringSelect = (i: ComponentInteraction): i is StringSelectMenuInteraction =>
  i.isStringSelectMenu();
export const isModalSubmit = (i: ComponentInteraction): i is ModalSubmitInteraction => i.isModalSubmit();

/** A slash command used inside a server: discord.js types its `guildId` as a string. */
export type GuildCommandInteraction = ChatInputCommandInteraction<'cached' | 'raw'>;

/** Serves one slash command or subcommand. */
export type CommandRun<I extends ChatInputCommandInteraction = GuildCommandInteraction> = (
  interaction: I,
  ctx: AppContext,
) => Promise<void>;

interface CommandModuleBase {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Needs Manage Server: set in `data.default_member_permissions` and checked again at run time. */
  adminOnly?: boolean;
  autocomplete?(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void>;
  components?: readonly ComponentHandler[];
}

/**
 * One slash command: its JSON definition and the functions that serve it. The dispatcher picks the
 * function (by subcommand name) and answers a server-only one used in a DM itself, so every function
 * here gets a `guildId` it can rely on.
 */
export type CommandModule = CommandModuleBase &
  (
    | {
        /** A command without subcommands, used in servers. */
        execute: CommandRun;
        subcommands?: never;
        dmSubcommands?: never;
      }
    | {
        execute?: never;
        /** Server-only subcommands by name. */
        subcommands?: Readonly<Record<string, CommandRun>>;
        /**
         * Subcommands that also work in a DM with the bot (build `data` with `serverAndDmCommand`); they get
         * the interaction with `guildId` null in a DM.
         */
        dmSubcommands?: Readonly<Record<string, CommandRun<ChatInputCommandInteraction>>>;
      }
  );

/** The function serving this slash command, and whether it needs a server; undefined when none does. */
export function commandRunFor(
  module: CommandModule,
  subcommand: string | null,
):
  | { guildOnly: true; run: CommandRun }
  | { guildOnly: false; run: CommandRun<ChatInputCommandInteraction> }
  | undefined {
  if (module.execute) return subcommand === null ? { guildOnly: true, run: module.execute } : undefined;
  if (subcommand === null) return undefined;
  const anywhere = module.dmSubcommands?.[subcommand];
  if (anywhere) return { guildOnly: false, run: anywhere };
  const inServer = module.subcommands?.[subcommand];
  return inServer ? { guildOnly: true, run: inServer } : undefined;
}
