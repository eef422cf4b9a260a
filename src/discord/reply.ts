import { MessageFlags, type Interaction } from 'discord.js';

/**
 * Answers with a short ephemeral message whatever state the interaction is in, so nothing is left
 * unanswered: reply if untouched, edit the deferred reply, or follow up after a reply.
 */
export async function replyEphemeral(interaction: Interaction, content: string): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply({ content, embeds: [], components: [] });
  } else if (interaction.replied) {
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
  } else {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  }
}
