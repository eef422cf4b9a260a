import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Who interviews whom, per group, fixed when the group is made (it used to be recomputed from the
  // members left, so a deletion mid-round shifted the rotation and re-targeted feedback).
  await db.schema
    .createTable('interview_pair')
    .addColumn('group_id', 'integer', (col) => col.notNull().references('interview_group.id'))
    .addColumn('round_id', 'integer', (col) => col.notNull())
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('interviewer_id', 'text', (col) => col.notNull())
    .addColumn('candidate_id', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('interview_pair_pk', ['group_id', 'interviewer_id'])
    .execute();
  await db.schema
    .createIndex('interview_pair_candidate')
    .on('interview_pair')
    .columns(['guild_id', 'candidate_id'])
    .execute();
  // Groups made before: the rotation from the positions recorded (a group whose member already deleted
  // their data is rebuilt from those left, as it was read until now).
  await sql`
    insert into interview_pair (group_id, round_id, guild_id, interviewer_id, candidate_id)
    select a.group_id, a.round_id, a.guild_id, a.user_id, b.user_id
    from interview_group_member a
    join interview_group_member b on b.group_id = a.group_id
    where b.user_id != a.user_id
      and (select count(*) from interview_group_member c
           where c.group_id = a.group_id and c.position > a.position and c.position < b.position) = 0
      and (b.position > a.position
           or (b.position = (select min(position) from interview_group_member d where d.group_id = a.group_id)
               and not exists (select 1 from interview_group_member e
                               where e.group_id = a.group_id and e.position > a.position)))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('interview_pair').execute();
}
