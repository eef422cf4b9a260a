import type { Kysely } from 'kysely';
import type { InterviewCounts } from '../../../domain/interviews/types.js';
import type { Database } from '../../database.js';

type Db = Kysely<Database>;

export async function interviewCounts(db: Db, guildId: string): Promise<InterviewCounts> {
  const rounds = await db
    .selectFrom('interview_round')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('closed_at').as('closed')])
    .where('guild_id', '=', guildId)
    .executeTakeFirstOrThrow();
  const groups = await db
    .selectFrom('interview_group as g')
    .innerJoin('interview_round as r', 'r.id', 'g.round_id')
    .select(['g.id', 'g.state', 'r.closed_at'])
    .where('g.guild_id', '=', guildId)
    .execute();
  const sizes = await db
    .selectFrom('interview_group_member')
    .select(['group_id', (eb) => eb.fn.countAll<number>().as('size')])
    .where('guild_id', '=', guildId)
    .groupBy('group_id')
    .execute();
  const met = await db
    .selectFrom('interview_report as rep')
    .innerJoin('interview_group as g', 'g.id', 'rep.group_id')
    .select('rep.group_id')
    .distinct()
    .where('g.guild_id', '=', guildId)
    .where('rep.outcome', '=', 'met')
    .execute();
  const metIds = new Set(met.map((row) => row.group_id));
  const finished = groups.filter((g) => g.closed_at !== null && g.state === 'posted');
  const failedIds = new Set(groups.filter((g) => g.state === 'failed').map((g) => g.id));
  const feedback = await db
    .selectFrom('interview_feedback')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .executeTakeFirstOrThrow();
  const members = await db
    .selectFrom('interview_member')
    .select(['active', 'removed_reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where('guild_id', '=', guildId)
    .groupBy(['active', 'removed_reason'])
    .execute();
  return {
    rounds: Number(rounds.total),
    closedRounds: Number(rounds.closed),
    groups: groups.filter((g) => g.state !== 'failed').length,
    trios: sizes.filter((s) => Number(s.size) === 3 && !failedIds.has(s.group_id)).length,
    finishedGroups: finished.length,
    finishedGroupsMet: finished.filter((g) => metIds.has(g.id)).length,
    failedGroups: groups.filter((g) => g.state === 'failed').length,
    feedback: Number(feedback.n),
    activeMembers: members.filter((m) => m.active === 1).reduce((sum, m) => sum + Number(m.n), 0),
    removedForNoShow: members
      .filter((m) => m.active === 0 && m.removed_reason === 'no-show')
      .reduce((sum, m) => sum + Number(m.n), 0),
  };
}
