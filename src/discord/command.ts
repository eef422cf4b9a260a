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
import { STALE_COMPONENT_MESSAGE, UserFacingError } from './errors.js';

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/** A button, select or modal handled by a command module, keyed by `namespace:v1:<action>`. */
export interface ComponentHandler {
  action: string;
  /** Admin-only components re-check Manage Server like admin commands do. */
  adminOnly?: boolean;
  /** Buttons on direct messages (check-in prompts) arrive without a server; they carry it in the id. */
  allowInDm?: boolean;
  run(interaction: ComponentInteraction, rawArgs: readonly string[], ctx: AppContext): Promise<void>;
}

/** Declares a component handler whose custom-id arguments are checked by a zod schema first. */
export function defineComponent<
  S extends z.ZodType<unknown, readonly string[]>,
  I extends ComponentInteraction,
>(spec: {
  action: string;
  args: S;
  adminOnly?: boolean;
  allowInDm?: boolean;
  accepts: (interaction: ComponentInteraction) => interaction is I;
  run: (interaction: I, args: z.output<S>, ctx: AppContext) => Promise<void>;
}): ComponentHandler {
  return {
    action: spec.action,
    adminOnly: spec.adminOnly,
    allowInDm: spec.allowInDm,
    async run(interaction, rawArgs, ctx) {
      const parsed = spec.args.safeParse(rawArgs);
      if (!parsed.success || !spec.accepts(interaction)) throw new UserFacingError(STALE_COMPONENT_MESSAGE);
      await spec.run(interaction, parsed.data, ctx);
    },
  };
}

export const isButton = (i: ComponentInteraction): i is ButtonInteraction => i.isButton();
export const isStringSelect = (i: ComponentInteraction): i is StringSelectMenuInteraction =>
  i.isStringSelectMenu();
export const isModalSubmit = (i: ComponentInteraction): i is ModalSubmitInteraction => i.isModalSubmit();

/** One slash command: its JSON definition and the functions that serve it. */
export interface CommandModule {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Needs Manage Server: set in `data.default_member_permissions` and checked again at run time. */
  adminOnly?: boolean;
  /** Subcommands that also work in a DM with the bot (build `data` with `serverAndDmCommand`). */
  dmSubcommands?: readonly string[];
  execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void>;
  /** Namespace of this module's custom ids; defaults to the command name. */
  componentNamespace?: string;
  components?: readonly ComponentHandler[];
}
