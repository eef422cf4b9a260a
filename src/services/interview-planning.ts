import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { askedQuestions, listRoundGroupMembers, pastGroups } from '../db/repositories/interviews/groups.js';
import { listActiveInterviewMembers } from '../db/repositories/interviews/members.js';
import { latestRound } from '../db/repositories/interviews/rounds.js';
import { pairMembers } from '../domain/interviews/pairing.js';
import type { PoolMember } from '../domain/interviews/pairing-types.js';
import { askedToday, questionsFor } from '../domain/interviews/questions.js';
import { mulberry32, seedFromString } from '../domain/interviews/random.js';
import type { PlannedRound } from '../domain/interviews/round-plan.js';
import type { InterviewMember } from '../domain/interviews/types.js';
import type { InterviewDeps } from './interview-config.js';

/** Rounds of history the pairing engine looks at: a year of weekly rounds. */
export const PAIRING_LOOKBACK_ROUNDS = 52;

/** Who the pool is, with priority for members who sat out or were in a trio last round. */
async function poolFor(
  db: Kysely<Database>,
  guildId: string,
): Promise<{ members: InterviewMember[]; skipped: string[]; priority: Set<string> }> {
  const active = await listActiveInterviewMembers(db, guildId);
  const members = active.filter((m) => !m.skipNext);
  const skipped = active.filter((m) => m.skipNext).map((m) => m.userId);
  const priority = new Set<string>();
  const previous = await latestRound(db, guildId);
  if (previous) {
    if (previous.satOutUserId) priority.add(previous.satOutUserId);
    const groups = new Map<number, string[]>();
    for (const row of await listRoundGroupMembers(db, previous.id)) {
      const list = groups.get(row.groupId) ?? [];
      list.push(row.userId);
      groups.set(row.groupId, list);
    }
    for (const ids of groups.values()) if (ids.length >= 3) ids.forEach((id) => priority.add(id));
  }
  return { members, skipped, priority };
}

/** Plans the groups of a round from the pool as it is now; writes nothing (a dry run uses it as is). */
export async function planRound(
  deps: InterviewDeps,
  guildId: string,
  key: string,
  at: Date,
  /** Whether a pool member is still in the server; someone who left is never paired. */
  isPresent: (userId: string) => Promise<boolean> = async () => true,
): Promise<PlannedRound> {
  const pool0 = await poolFor(deps.db, guildId);
  const { skipped, priority } = pool0;
  const members: typeof pool0.members = [];
  const departed: string[] = [];
  for (const member of pool0.members) {
    if (await isPresent(member.userId)) members.push(member);
    else departed.push(member.userId);
  }
  const seed = seedFromString(`${guildId}:${key}`);
  const pool: PoolMember[] = members.map((m) => ({
    memberId: m.userId,
    ...(m.timezone ? { timezone: m.timezone } : {}),
    ...(m.level ? { level: m.level } : {}),
    ...(m.focus ? { focus: m.focus } : {}),
    priority: priority.has(m.userId),
  }));
  const history = await pastGroups(deps.db, guildId, PAIRING_LOOKBACK_ROUNDS);
  const result = pairMembers(pool, history, { seed, at });
  const byId = new Map(members.map((m) => [m.userId, m]));
  const asked = await askedQuestions(deps.db, guildId, result.groups.flat());
  const groups = result.groups.map((ids) =>
    ids.map((userId) => {
      const member = byId.get(userId);
      const random = mulberry32(seedFromString(`${seed}:${userId}`));
      return {
        userId,
        questions: member
          ? questionsFor(deps.questions, member, askedToday(deps.questions, asked.get(userId)), random)
          : [],
      };
    }),
  );
  return {
    key,
    seed,
    groups,
    satOut: result.unpaired[0],
    skipped,
    departed,
    repeats: result.repeats,
    poolSize: pool.length,
  };
}
