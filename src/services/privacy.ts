import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import {
  deleteMemberData,
  exportMemberData,
  guildsWithMemberData,
  REFERENCE_TABLES,
  type MemberExport,
  type PrivacyTable,
} from '../db/repositories/member-data.js';

/**
 * What render shows of a member's data: each kind, named by the table it is kept in, with the member's
 * records of it as exported (the export file is the data as stored, on purpose: nothing left out).
 */
export type { MemberExport, PrivacyTable };

/**
 * Kinds of data that only name the member (a schedule they last changed, a round they sat out): the row
 * is the server's, so deletion clears the name and keeps the row.
 */
export function namesMemberOnly(kind: PrivacyTable): boolean {
  return (REFERENCE_TABLES as readonly string[]).includes(kind);
}

export interface PrivacyDeps {
  db: Kysely<Database>;
  /** A server's name, for the export file and the confirmation. */
  guildName(guildId: string): string;
}

export interface ServerData {
  id: string;
  name: string;
  data: MemberExport;
}

/**
 * The servers a request covers: the one it was made in, or, from a DM with the bot (`guildId` null),
 * every server that holds something about the member, so someone who left a server can still see and
 * delete their data.
 */
export async function privacyScope(
  { db }: Pick<PrivacyDeps, 'db'>,
  guildId: string | null,
  userId: string,
): Promise<string[]> {
  return guildId ? [guildId] : guildsWithMemberData(db, userId);
}

/** Everything kept about the member, per server in scope. */
export async function exportMemberEverywhere(
  deps: PrivacyDeps,
  guildId: string | null,
  userId: string,
): Promise<ServerData[]> {
  const servers: ServerData[] = [];
  for (const id of await privacyScope(deps, guildId, userId))
    servers.push({ id, name: deps.guildName(id), data: await exportMemberData(deps.db, id, userId) });
  return servers;
}

/** The rows of every server in scope, table by table: what the member is told they have. */
export function totalsOf(servers: ReadonlyArray<{ data: MemberExport }>): MemberExport {
  const sum = {} as MemberExport;
  for (const { data } of servers)
    for (const [table, rows] of Object.entries(data) as Array<[PrivacyTable, MemberExport[PrivacyTable]]>)
      sum[table] = [...(sum[table] ?? []), ...rows];
  return sum;
}

/** Deletes the member's data in every server in scope; the counts per server and in total. */
export async function deleteMemberEverywhere(
  deps: Pick<PrivacyDeps, 'db'>,
  guildId: string | null,
  userId: string,
): Promise<{
  total: Record<PrivacyTable, number>;
  perServer: Array<{ guildId: string; counts: Record<PrivacyTable, number> }>;
}> {
  const total = {} as Record<PrivacyTable, number>;
  const perServer: Array<{ guildId: string; counts: Record<PrivacyTable, number> }> = [];
  for (const id of await privacyScope(deps, guildId, userId)) {
    const counts = await deleteMemberData(deps.db, id, userId);
    for (const [table, n] of Object.entries(counts) as Array<[PrivacyTable, number]>)
      total[table] = (total[table] ?? 0) + n;
    perServer.push({ guildId: id, counts });
  }
  return { total, perServer };
}
