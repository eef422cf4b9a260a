import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { serverAndDmCommand } from '../src/discord/command-builders.js';
import { defineComponent, isButton, type CommandModule } from '../src/discord/command.js';
import { privacyIds } from '../src/discord/custom-ids.js';
import { assertOwner } from '../src/discord/options.js';
import {
  DELETION_CANCELLED,
  renderDeleted,
  renderDeletePrompt,
  renderExport,
} from '../src/discord/render/privacy.js';
import { deleteMemberEverywhere, exportMemberEverywhere, totalsOf } from '../src/services/privacy.js';

// In a server these cover that server; from a DM with the bot (guildId null), every server.
export const privacy: CommandModule = {
  data: serverAndDmCommand('privacy', 'See or delete the data Stepwise keeps about you')
    .addSubcommand((s) =>
      s
        .setName('export')
        .setDescription('Get all your Stepwise data as a JSON file (this server; in a DM, every server)'),
    )
    .addSubcommand((s) =>
      s
        .setName('delete')
        .setDescription('Delete all your Stepwise data (this server; in a DM, every server); asks first'),
    )
    .toJSON(),
  dmSubcommands: {
    async export(interaction, ctx) {
      const { guildId, user } = interaction;
      const servers = await exportMemberEverywhere(ctx, guildId, user.id);
      await interaction.reply({
        ...renderExport(user, guildId, servers, totalsOf(servers), ctx.clock.now()),
        flags: MessageFlags.Ephemeral,
      });
    },
    async delete(interaction, ctx) {
      const { guildId, user } = interaction;
      const servers = await exportMemberEverywhere(ctx, guildId, user.id);
      await interaction.reply({
        ...renderDeletePrompt(user.id, guildId, servers, totalsOf(servers)),
        flags: MessageFlags.Ephemeral,
      });
    },
  },
  components: [
    defineComponent(privacyIds.confirmDeletion, {
      allowInDm: true,
      accepts: isButton,
      async run(interaction: ButtonInteraction, [owner], ctx) {
        assertOwner(owner, interaction.user.id, 'confirmation');
        const userId = interaction.user.id;
        const { total, perServer } = await deleteMemberEverywhere(ctx, interaction.guildId, userId);
        for (const { guildId, counts } of perServer)
          ctx.logger.info({ guildId, userId, counts }, 'member data deleted');
        await interaction.update(renderDeleted(total));
      },
    }),
    defineComponent(privacyIds.cancelDeletion, {
      allowInDm: true,
      accepts: isButton,
      async run(interaction: ButtonInteraction, [owner]) {
        assertOwner(owner, interaction.user.id, 'confirmation');
        await interaction.update(DELETION_CANCELLED);
      },
    }),
  ],
};
