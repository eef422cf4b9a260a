import { Events, MessageFlags, type Client } from 'discord.js';
import { createDiscordClient } from '../src/discord/client.js';
import type { RenderedMessage } from '../src/discord/render/roadmap.js';

/**
 * The comparison point: one interactionCreate handler answering a fixed string, the way the discord.js
 * guide teaches it, on the very client Stepwise builds (same intents, partials, caches and sweepers,
 * allowedMentions, and the identity jsonTransformer that skips discord.js's key re-writing), so the
 * difference measured is Stepwise's own work, not its client settings.
 *
 * With `card`, the same bot answers like Stepwise does (an ephemeral reply to commands, an update of the
 * message for buttons) with that fixed card: Stepwise's payloads without Stepwise's work.
 */
export async function startBaselineBot(
  token: string,
  apiUrl: string,
  card?: RenderedMessage,
): Promise<Client<true>> {
  const client = createDiscordClient({ apiUrl });

  client.on(Events.InteractionCreate, async (interaction) => {
    try {
      if (interaction.isChatInputCommand()) {
        await (card
          ? interaction.reply({ ...card, flags: MessageFlags.Ephemeral })
          : interaction.reply('ok'));
      } else if (interaction.isButton()) {
        await (card ? interaction.update(card) : interaction.reply('ok'));
      }
    } catch (error) {
      console.error(error);
    }
  });

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(token);
  return ready;
}
