import { Refusal } from '../domain/refusal.js';

/**
 * A refusal worded by the Discord layer itself (bad input, a stale button, a missing permission).
 * Like every Refusal, the dispatcher answers it ephemerally; every other error gets a generic apology
 * and a log line.
 */
export class UserFacingError extends Refusal {
  constructor(text: string) {
    super({ code: 'worded', text });
    this.name = 'UserFacingError';
    this.message = text;
  }
}

export const STALE_COMPONENT_MESSAGE =
  'This button or menu is out of date (it may come from an older message). Run the command again to get a fresh one.';

export const GUILD_ONLY_MESSAGE =
  'This works inside a server, not in direct messages. Here you can use `/checkin leave`, `/privacy export` and `/privacy delete`, for every server at once.';

/**
 * The server an interaction came from. Server-only handlers are never called from a DM (the dispatcher
 * answers those), so this refuses, with an answer, only what slipped through, e.g. a forged component id.
 */
export function requireGuildId(interaction: { guildId: string | null }): string {
  if (interaction.guildId === null) throw new UserFacingError(GUILD_ONLY_MESSAGE);
  return interaction.guildId;
}
