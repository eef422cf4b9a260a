import { MessageFlags } from 'discord.js';
import { serverCommand } from '../src/discord/command-builders.js';
import type { CommandModule } from '../src/discord/command.js';
import { memberText } from '../src/discord/render/member-text.js';
import { renderProgress } from '../src/discord/render/roadmap.js';
import { memberProgressImage } from '../src/services/insights.js';
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
      o
        .setName('chart')
        .setDescription('Add a chart of your steps done per week and your check-in streak (your own only)'),
    )
    .addBooleanOption((o) =>
      o.setName('public').setDescription('Post it in the channel for everyone instead of only you'),
    )
    .toJSON(),
  async execute(interaction, ctx) {
    const viewer = { guildId: interaction.guildId, userId: interaction.user.id };
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
    const embeds = [renderProgress(ctx.roadmap, access.view, name, isSelf)];
    const flags = isPublic ? undefined : MessageFlags.Ephemeral;
    if (!interaction.options.getBoolean('chart')) {
      await interaction.reply({ ...(notice ? { content: notice } : {}), embeds, flags });
      return;
    }
    if (!isSelf) {
      const only = 'Charts show only your own progress: run `/progress chart:True` without `member`.';
      await interaction.reply({ content: notice ? `${notice}\n${only}` : only, embeds, flags });
      return;
    }
    // Drawing runs in a worker; deferring keeps the 3-second deadline whatever the queue.
    await interaction.deferReply({ flags });
    const image = await memberProgressImage(ctx, viewer.guildId, viewer.userId, ctx.clock.now());
    await interaction.editReply({
      content: [notice, `📈 ${image.reading}`].filter(Boolean).join('\n'),
      embeds,
      files: [{ attachment: image.png, name: image.filename, description: image.altText }],
    });
  },
};
