import type { Kysely } from 'kysely';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Roadmap } from '../domain/roadmap/schema.js';
import type { ShardScope } from '../domain/shards/shards.js';
import type { QuestionBank } from '../domain/questions/schema.js';
import type { Logger } from '../logger.js';
import type { ChartRenderer } from '../render/charts/renderer.js';
import type { WorkQueue } from '../services/work.js';
import type { Messenger } from './messenger.js';
import type { MemberPresence } from './presence.js';

/** Everything a handler may use, passed explicitly instead of globals. */
export interface AppContext {
  db: Kysely<Database>;
  config: Config;
  logger: Logger;
  clock: Clock;
  roadmap: Roadmap;
  questions: QuestionBank;
  /** Sends outside interactions (DMs, channel posts) through REST. */
  messenger: Messenger;
  /** Whether a member is still in a server (see presence.ts). */
  presence: MemberPresence;
  /** Draws charts (PNG) off the main thread. */
  charts: ChartRenderer;
  /** Records scheduled and fan-out work (sends, threads) for the work engine, and wakes it. */
  work: WorkQueue;
  /**
   * True once this instance must stop taking new work (shutting down, or its instance lease lapsed):
   * rounds stop claiming deliveries and leave the rest, recorded, to whichever instance carries on.
   */
  shouldStop(): boolean;
  /**
   * The shards this process is the active one for, read afresh on each use: only their servers' scheduled
   * work is this process's to run (README, "Scaling out").
   */
  scope: ShardScope;
  /** A server's name for texts sent outside it (DMs). */
  guildName(guildId: string): string;
  /** Every command definition, so /help can describe them without importing the index. */
  commandDefinitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
}
