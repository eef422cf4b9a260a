import { MessageFlags } from 'discord.js';
import { adminCommand } from '../src/discord/command-builders.js';
import type { CommandModule } from '../src/discord/command.js';
import { choiceOption } from '../src/discord/options.js';
import { INSIGHT_VIEWS, insightImage } from '../src/services/insights.js';

const EMOJI: Record<(typeof INSIGHT_VIEWS)[number], string> = {
  participation: '📊',
  roadmap: '🗺️',
  interviews: '🎤',
  'job-search': '💼',
};

export const insights: CommandModule = {
  adminOnly: true,
  data: adminCommand('insights', 'Charts of how the community is doing, without names (Manage Server)')
    .addStringOption((o) =>
      o
        .setName('view')
        .setDescription('Which chart (default: participation)')
        .addChoices(
          { name: 'Participation: weekly check-ins, last 12 weeks', value: 'participation' },
          { name: 'Roadmap funnel: stages completed, steps skipped or stalled', value: 'roadmap' },
          { name: 'Interviews: rounds, groups that met, STAR ratings', value: 'interviews' },
          { name: 'Job search: applications and interviews reported', value: 'job-search' },
        ),
    )
    .toJSON(),
  async execute(interaction, ctx) {
    const view = choiceOption(interaction, 'view', INSIGHT_VIEWS) ?? 'participation';
    // Drawing runs in a worker; deferring keeps the 3-second deadline whatever the queue.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const image = await insightImage(ctx, interaction.guildId, view, ctx.clock.now());
    if (image.kind === 'too-few') {
      await interaction.editReply({ content: `${EMOJI[view]} ${image.text}` });
      return;
    }
    await interaction.editReply({
      content: `${EMOJI[view]} ${image.reading}`,
      files: [{ attachment: image.png, name: image.filename, description: image.altText }],
    });
  },
};
