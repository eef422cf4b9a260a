import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { clearDeparture, isDeparted, recordDeparture } from '../db/repositories/departures.js';
import { SendError, type Messenger } from './messenger.js';

/**
 * Whether a member is still in a server, asked before anything is sent to them or they are paired.
 *
 * With the Server Members intent (`DISCORD_MEMBERS_INTENT=true`), GUILD_MEMBER_REMOVE and _ADD keep
 * `member_departure` up to date and this reads it. Without it (the default: the intent is privileged),
 * Stepwise asks Discord: GET /guilds/{guild}/members/{user} answers 10007 Unknown Member for someone who
 * left. A DM's own errors cannot tell: a DM to someone who left still arrives if they share another
 * server with the bot. Either way the answer is recorded, which starts (or stops) the retention clock.
 */
export class MemberPresence {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly messenger: Pick<Messenger, 'isGuildMember'>,
    private readonly gatewayTellsUs: boolean,
  ) {}

  /**
   * Throws a retryable SendError when Discord cannot answer now; any other refusal counts as "still
   * here", so a lookup problem never silences a member.
   */
  async stillHere(guildId: string, userId: string, now: Date): Promise<boolean> {
    if (this.gatewayTellsUs) return !(await isDeparted(this.db, guildId, userId));
    try {
      return await this.lookUp(guildId, userId, now);
    } catch (error) {
      if (error instanceof SendError && error.kind !== 'retryable') return true;
      throw error;
    }
  }

  /** Asks Discord whatever the configuration (before deleting someone's data, a fresh answer). */
  async lookUp(guildId: string, userId: string, now: Date): Promise<boolean> {
    const here = await this.messenger.isGuildMember(guildId, userId);
    if (here) {
      if (await isDeparted(this.db, guildId, userId)) await clearDeparture(this.db, guildId, userId);
    } else await recordDeparture(this.db, guildId, userId, now);
    return here;
  }

  /** GUILD_MEMBER_REMOVE. */
  async left(guildId: string, userId: string, now: Date): Promise<void> {
    await recordDeparture(this.db, guildId, userId, now);
  }

  /** GUILD_MEMBER_ADD: back before the deletion, so nothing of theirs is deleted. */
  async joined(guildId: string, userId: string): Promise<void> {
    await clearDeparture(this.db, guildId, userId);
  }
}
