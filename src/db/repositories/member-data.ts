import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.js';

/**
 * Every table that holds a member's own rows, keyed by server and user. Export and deletion both read
 * this one list, so a new table added here is covered by both (and a test fails if one is forgotten).
 */
export const MEMBER_TABLES = [
  'member_profile',
  'step_progress',
  'checkin_member',
  'checkin_delivery',
  'checkin_answer',
  'interview_member',
  'interview_group_member',
  'interview_pair',
  'interview_asked_question',
  'interview_report',
  'interview_feedback',
  'member_departure',
  // Work still to do for the member (a prompt, a feedback DM): it goes with their data.
  'work_item',
] as const satisfies ReadonlyArray<keyof Database>;

export type MemberTable = (typeof MEMBER_TABLES)[number];

/** Which columns name the member: feedback belongs to both the member who gave it and the one who got it. */
export const MEMBER_COLUMNS: Record<MemberTable, readonly string[]> = {
  member_profile: ['user_id'],
  step_progress: ['user_id'],
  checkin_member: ['user_id'],
  checkin_delivery: ['user_id'],
  checkin_answer: ['user_id'],
  interview_member: ['user_id'],
  interview_group_member: ['user_id'],
  interview_pair: ['interviewer_id', 'candidate_id'],
  interview_asked_question: ['user_id'],
  interview_report: ['user_id'],
  interview_feedback: ['giver_id', 'candidate_id'],
  member_departure: ['user_id'],
  work_item: ['user_id'],
};

/** Tables scoped to a server as a whole; with the member tables they are everything a server owns. */
export const GUILD_TABLES = [
  'checkin_config',
  'checkin_round',
  'interview_config',
  // Groups reference rounds: children before parents, as the foreign keys require.
  'interview_group',
  'interview_round',
  'guild',
] as const satisfies ReadonlyArray<keyof Database>;

/**
 * Server-wide rows that name a member in one column: who last changed a schedule, who sat out a round.
 * The row belongs to the server, so it is exported with the member's data and, on deletion, only the
 * column is cleared ('' for a schedule's `updated_by`, which cannot be null: "nobody").
 */
export const MEMBER_REFERENCES = {
  checkin_config: { column: 'updated_by', cleared: '' },
  interview_config: { column: 'updated_by', cleared: '' },
  interview_round: { column: 'sat_out_user_id', cleared: null },
} as const satisfies Partial<
  Record<(typeof GUILD_TABLES)[number], { column: string; cleared: string | null }>
>;

export type ReferenceTable = keyof typeof MEMBER_REFERENCES;
export const REFERENCE_TABLES = Object.keys(MEMBER_REFERENCES) as ReferenceTable[];

/** What a schedule's `updated_by` holds once that member deleted their data. */
export const NOBODY = '';

/** Every table a member's export or deletion touches. */
export type PrivacyTable = MemberTable | ReferenceTable;

export type MemberExport = Record<PrivacyTable, Array<Record<string, unknown>>>;

/** Rows of `table` in this server that name this member in any of its member columns. */
function memberRows(db: Kysely<Database>, table: MemberTable, guildId: string, userId: string) {
  return db
    .selectFrom(table)
    .where('guild_id', '=', guildId)
    .where((eb) =>
      eb.or(MEMBER_COLUMNS[table].map((column) => sql<boolean>`${sql.ref(column)} = ${userId}`)),
    );
}

/** All rows Stepwise holds about one member in one server. */
export async function exportMemberData(
  db: Kysely<Database>,
  guildId: string,
  userId: string,
): Promise<MemberExport> {
  const out = {} as MemberExport;
  for (const table of MEMBER_TABLES) {
    out[table] = (await memberRows(db, table, guildId, userId).selectAll().execute()) as Array<
      Record<string, unknown>
    >;
  }
  for (const table of REFERENCE_TABLES) {
    out[table] = (await db
      .selectFrom(table)
      .selectAll()
      .where('guild_id', '=', guildId)
      .where(sql.ref(MEMBER_REFERENCES[table].column), '=', userId)
      .execute()) as Array<Record<string, unknown>>;
  }
  return out;
}

/** Every server in which Stepwise holds a row about this member (for export and deletion from a DM). */
export async function guildsWithMemberData(db: Kysely<Database>, userId: string): Promise<string[]> {
  const guilds = new Set<string>();
  for (const table of MEMBER_TABLES) {
    const rows = await db
      .selectFrom(table)
      .select('guild_id')
      .distinct()
      .where((eb) =>
        eb.or(MEMBER_COLUMNS[table].map((column) => sql<boolean>`${sql.ref(column)} = ${userId}`)),
      )
      .execute();
    for (const row of rows) guilds.add(row.guild_id);
  }
  for (const table of REFERENCE_TABLES) {
    const rows = await db
      .selectFrom(table)
      .select('guild_id')
      .distinct()
      .where(sql.ref(MEMBER_REFERENCES[table].column), '=', userId)
      .execute();
    for (const row of rows) guilds.add(row.guild_id);
  }
  return [...guilds].sort();
}

/** Deletes all of it in one transaction; returns how many rows went from each table. */
export async function deleteMemberData(
  db: Kysely<Database>,
  guildId: string,
  userId: string,
): Promise<Record<PrivacyTable, number>> {
  return db.transaction().execute(async (trx) => {
    const counts = {} as Record<PrivacyTable, number>;
    for (const table of MEMBER_TABLES) {
      const result = await trx
        .deleteFrom(table)
        .where('guild_id', '=', guildId)
        .where((eb) =>
          eb.or(MEMBER_COLUMNS[table].map((column) => sql<boolean>`${sql.ref(column)} = ${userId}`)),
        )
        .executeTakeFirst();
      counts[table] = Number(result.numDeletedRows);
    }
    // Server rows that name the member keep existing, without the name.
    for (const table of REFERENCE_TABLES) {
      const { column, cleared } = MEMBER_REFERENCES[table];
      const result = await trx
        .updateTable(table)
        .set({ [column]: cleared })
        .where('guild_id', '=', guildId)
        .where(sql.ref(column), '=', userId)
        .executeTakeFirst();
      counts[table] = Number(result.numUpdatedRows);
    }
    return counts;
  });
}

/** Everything a server owns, in one transaction (after the bot was removed and the grace period ran out). */
export async function purgeGuildData(db: Kysely<Database>, guildId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let total = 0;
    for (const table of [...MEMBER_TABLES, ...GUILD_TABLES]) {
      const result = await trx.deleteFrom(table).where('guild_id', '=', guildId).executeTakeFirst();
      total += Number(result.numDeletedRows);
    }
    return total;
  });
}

/** Servers the bot left before `cutoff` whose data is still here. */
export async function guildsLeftBefore(db: Kysely<Database>, cutoff: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('guild')
    .select('guild_id')
    .where('left_at', 'is not', null)
    .where('left_at', '<', cutoff.getTime())
    .execute();
  return rows.map((row) => row.guild_id);
}
