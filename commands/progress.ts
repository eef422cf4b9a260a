import { MessageFlags } from 'discord.js';
import { serverCommand } from '../src/discord/command-builders.js';
import type { CommandModule } from '../src/discord/command.js';
import { memberText } from '../src/discord/render/member-text.js';
import { renderProgress } from '../src/discord/render/roadmap.js';
import { setShareProgress, viewProgress } from '../src/services/roadmap.js';

export const progress: CommandModule = {
  data: serverCommand('progress', 'Your roadmap progress and portfolio, or a member who shares theirs')
    .addUserOption((o) =>
      o.setName('member').setDescription('See the progress of a member who chose to share it'),
    )
    .addBooleanOption((o) =>
      o
        .setName('allow-others')
        .setDescription('Let other members see your progress (True) or keep it private (False)'),
    )
    .addBooleanOption((o) =>
      o.setName('public').setDescription('Post it in the channel for everyone instead of only you'),
    )
    .toJSON(),
  async execute(interaction, ctx) {
    const viewer = { guildId: interaction.guildId ?? '', userId: interaction.user.id };
    const share = interaction.options.getBoolean('allow-others');
    const isPublic = interaction.options.getBoolean('public') ?? false;
    const targetUser = interaction.options.getUser('member') ?? interaction.user;
    const isSelf = targetUser.id === interaction.user.id;
    let notice: string | undefined;
    if (share !== null) {
      await setShareProgress(ctx, viewer, share, ctx.clock.now());
      notice = share
        ? 'Your progress is now **shared**: members can see it with `/progress member:`.'
        : 'Your progress is now **private**: only you can see it.';
    }
    const targetMember = interaction.options.getMember('member');
    const name =
      targetMember && 'displayName' in targetMember ? targetMember.displayName : targetUser.displayName;
    const access = await viewProgress(ctx, viewer, { guildId: viewer.guildId, userId: targetUser.id });
    if (!access.allowed) {
      await interaction.reply({
        content: `**${memberText(name)}** keeps their progress private. Only they can choose to share it.`,
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    await interaction.reply({
      ...(notice ? { content: notice } : {}),
      embeds: [renderProgress(ctx.roadmap, access.view, name, isSelf)],
      flags: isPublic ? undefined : MessageFlags.Ephemeral,
    });
  },
};
