import type { Kysely } from 'kysely';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Roadmap } from '../domain/roadmap/schema.js';
import type { QuestionBank } from '../domain/questions/schema.js';
import type { Logger } from '../logger.js';

/** Everything a handler may use, passed explicitly instead of globals. */
export interface AppContext {
  db: Kysely<Database>;
  config: Config;
  logger: Logger;
  clock: Clock;
  roadmap: Roadmap;
  questions: QuestionBank;
  /** Every command definition, so /help can describe them without importing the index. */
  commandDefinitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
}
