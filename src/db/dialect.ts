import { PostgresAdapter, type Kysely } from 'kysely';

/** The two engines Stepwise runs on: SQLite (one file, the default) and PostgreSQL (DATABASE_URL). */
export type DialectName = 'sqlite' | 'postgres';

/** Which engine a Kysely instance talks to, for the few places where SQL must differ. */
export function dialectOf<DB>(db: Kysely<DB>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
