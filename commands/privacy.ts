import { ButtonStyle, MessageFlags, type ButtonInteraction } from 'discord.js';
import { serverCommand } from '../src/discord/command-builders.js';
import { z } from 'zod';
import { defineComponent, isButton, type CommandModule } from '../src/discord/command.js';
import { buildCustomId } from '../src/discord/custom-id.js';
import { assertOwner, SnowflakeSchema } from '../src/discord/options.js';
import { button, row } from '../src/discord/render/components.js';
import { describeDeletion, describeHoldings } from '../src/discord/render/privacy.js';
import { deleteMemberData, exportMemberData } from '../src/db/repositories/member-data.js';

const NS = 'privacy';

export const privacy: CommandModule = {
  data: serverCommand('privacy', 'See or delete the data Stepwise keeps about you in this server')
    .addSubcommand((s) =>
      s.setName('export').setDescription('Get all your Stepwise data in this server as a JSON file'),
    )
    .addSubcommand((s) =>
      s.setName('delete').setDescription('Delete all your Stepwise data in this server (asks first)'),
    )
    .toJSON(),
  async execute(interaction, ctx) {
    if (!interaction.inGuild()) return;
    const { guildId, user } = interaction;
    const data = await exportMemberData(ctx.db, guildId, user.id);
    if (interaction.options.getSubcommand() === 'export') {
      const file = {
        exportedAt: ctx.clock.now().toISOString(),
        server: { id: guildId, name: ctx.guildName(guildId) },
        user: { id: user.id, username: user.username },
        note: 'Everything Stepwise stores about you in this server. Timestamps are milliseconds since 1970 (UTC).',
        data,
      };
      await interaction.reply({
        content: `📦 Your Stepwise data in this server: ${describeHoldings(data)}.`,
        files: [
          {
            attachment: Buffer.from(JSON.stringify(file, null, 2)),
            name: `stepwise-${guildId}-${user.id}.json`,
          },
        ],
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    await interaction.reply({
      content: [
        `⚠️ This deletes **everything** Stepwise keeps about you in this server: ${describeHoldings(data)}.`,
        'It cannot be undone. `/privacy export` first if you want a copy.',
      ].join('\n'),
      components: [
        row(
          button(buildCustomId(NS, 'delete', user.id), 'Delete all my data', {
            style: ButtonStyle.Danger,
            emoji: '🗑️',
          }),
          button(buildCustomId(NS, 'cancel', user.id), 'Cancel'),
        ),
      ],
      flags: MessageFlags.Ephemeral,
    });
  },
  components: [
    defineComponent({
      action: 'delete',
      args: z.tuple([SnowflakeSchema]),
      accepts: isButton,
      async run(interaction: ButtonInteraction, [owner], ctx) {
        assertOwner(owner, interaction.user.id, 'confirmation');
        if (!interaction.inGuild()) return;
        const counts = await deleteMemberData(ctx.db, interaction.guildId, interaction.user.id);
        ctx.logger.info(
          { guildId: interaction.guildId, userId: interaction.user.id, counts },
          'member data deleted',
        );
        await interaction.update({
          content: `🗑️ Done. Deleted ${describeDeletion(counts)}.`,
          components: [],
        });
      },
    }),
    defineComponent({
      action: 'cancel',
      args: z.tuple([SnowflakeSchema]),
      accepts: isButton,
      async run(interaction: ButtonInteraction, [owner]) {
        assertOwner(owner, interaction.user.id, 'confirmation');
        await interaction.update({ content: 'Cancelled: nothing was deleted.', components: [] });
      },
    }),
  ],
};
