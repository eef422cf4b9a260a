import { ButtonStyle, MessageFlags, type ButtonInteraction } from 'discord.js';
import { serverAndDmCommand } from '../src/discord/command-builders.js';
import { z } from 'zod';
import { defineComponent, isButton, type CommandModule } from '../src/discord/command.js';
import type { AppContext } from '../src/discord/context.js';
import { buildCustomId } from '../src/discord/custom-id.js';
import { assertOwner, SnowflakeSchema } from '../src/discord/options.js';
import { button, row } from '../src/discord/render/components.js';
import { memberText } from '../src/discord/render/member-text.js';
import { describeDeletion, describeHoldings } from '../src/discord/render/privacy.js';
import {
  deleteMemberData,
  exportMemberData,
  guildsWithMemberData,
  type MemberExport,
  type PrivacyTable,
} from '../src/db/repositories/member-data.js';

const NS = 'privacy';

/**
 * The servers a request covers: the one it was made in, or, from a DM with the bot, every server that
 * holds something about the member (so someone who left a server can still see and delete their data).
 */
async function scope(ctx: AppContext, guildId: string | null, userId: string): Promise<string[]> {
  return guildId ? [guildId] : guildsWithMemberData(ctx.db, userId);
}

const where = (guildId: string | null) => (guildId ? 'in this server' : 'in every server');

async function exportAll(ctx: AppContext, guildIds: readonly string[], userId: string) {
  const servers: Array<{ id: string; name: string; data: MemberExport }> = [];
  for (const id of guildIds)
    servers.push({ id, name: ctx.guildName(id), data: await exportMemberData(ctx.db, id, userId) });
  return servers;
}

function totals(servers: ReadonlyArray<{ data: MemberExport }>): MemberExport {
  const sum = {} as MemberExport;
  for (const { data } of servers)
    for (const [table, rows] of Object.entries(data) as Array<[PrivacyTable, MemberExport[PrivacyTable]]>)
      sum[table] = [...(sum[table] ?? []), ...rows];
  return sum;
}

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
  dmSubcommands: ['export', 'delete'],
  async execute(interaction, ctx) {
    const guildId = interaction.guildId;
    const { user } = interaction;
    const servers = await exportAll(ctx, await scope(ctx, guildId, user.id), user.id);
    const holdings = describeHoldings(totals(servers));
    if (interaction.options.getSubcommand() === 'export') {
      const head = {
        exportedAt: ctx.clock.now().toISOString(),
        user: { id: user.id, username: user.username },
        note: `Everything Stepwise stores about you ${where(guildId)}. Timestamps are milliseconds since 1970 (UTC).`,
      };
      // In a server, that server's rows; from a DM, one entry per server.
      const [only] = servers;
      const file =
        guildId && only
          ? { ...head, server: { id: only.id, name: only.name }, data: only.data }
          : { ...head, servers };
      await interaction.reply({
        content: `📦 Your Stepwise data ${where(guildId)}: ${holdings}.`,
        files: [
          {
            attachment: Buffer.from(JSON.stringify(file, null, 2)),
            name: `stepwise-${guildId ?? 'all-servers'}-${user.id}.json`,
          },
        ],
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const names = guildId ? [] : servers.map((s) => `**${memberText(s.name)}**`);
    await interaction.reply({
      content: [
        `⚠️ This deletes **everything** Stepwise keeps about you ${where(guildId)}: ${holdings}.`,
        names.length ? `Servers: ${names.join(', ')}.` : undefined,
        'It cannot be undone. `/privacy export` first if you want a copy.',
      ]
        .filter(Boolean)
        .join('\n'),
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
      allowInDm: true,
      accepts: isButton,
      async run(interaction: ButtonInteraction, [owner], ctx) {
        assertOwner(owner, interaction.user.id, 'confirmation');
        const userId = interaction.user.id;
        const counts = {} as Record<PrivacyTable, number>;
        for (const guildId of await scope(ctx, interaction.guildId, userId)) {
          const deleted = await deleteMemberData(ctx.db, guildId, userId);
          for (const [table, n] of Object.entries(deleted) as Array<[PrivacyTable, number]>)
            counts[table] = (counts[table] ?? 0) + n;
          ctx.logger.info({ guildId, userId, counts: deleted }, 'member data deleted');
        }
        await interaction.update({
          content: `🗑️ Done. Deleted ${describeDeletion(counts)}.`,
          components: [],
        });
      },
    }),
    defineComponent({
      action: 'cancel',
      args: z.tuple([SnowflakeSchema]),
      allowInDm: true,
      accepts: isButton,
      async run(interaction: ButtonInteraction, [owner]) {
        assertOwner(owner, interaction.user.id, 'confirmation');
        await interaction.update({ content: 'Cancelled: nothing was deleted.', components: [] });
      },
    }),
  ],
};
