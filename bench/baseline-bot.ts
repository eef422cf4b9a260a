import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';
import type { RenderedMessage } from '../src/discord/render/roadmap.js';

/**
 * The comparison point: a bot written the way the discord.js guide teaches it, with default caches,
 * one Client with the Guilds intent and one interactionCreate handler answering a fixed string.
 * The only addition is `rest.api`, which points it at the fake Discord.
 *
 * With `card`, the same bot answers like Stepwise does (an ephemeral reply to commands, an update of the
 * message for buttons) with that fixed card: Stepwise's payloads without Stepwise's work.
 */
export async function startBaselineBot(
  token: string,
  apiUrl: string,
  card?: RenderedMessage,
): Promise<Client<true>> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });

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
