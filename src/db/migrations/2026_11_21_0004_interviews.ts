import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One schedule per server. anchor_key fixes which weeks a fortnightly cadence runs in.
  await db.schema
    .createTable('interview_config')
    .addColumn('guild_id', 'text', (col) => col.primaryKey())
    .addColumn('channel_id', 'text', (col) => col.notNull())
    .addColumn('weekday', 'text', (col) => col.notNull())
    .addColumn('time', 'text', (col) => col.notNull())
    .addColumn('timezone', 'text', (col) => col.notNull())
    .addColumn('cadence', 'text', (col) => col.notNull().check(sql`cadence in ('weekly', 'biweekly')`))
    .addColumn('anchor_key', 'text', (col) => col.notNull())
    .addColumn('active_since', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('interview_member')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('focus', 'text')
    .addColumn('level', 'text', (col) => col.check(sql`level in ('beginner', 'intermediate', 'advanced')`))
    .addColumn('timezone', 'text')
    .addColumn('active', 'integer', (col) => col.notNull().defaultTo(1))
    // Rounds before the latest (re)join never count towards the no-show rule.
    .addColumn('joined_at', 'integer', (col) => col.notNull())
    .addColumn('left_at', 'integer')
    .addColumn('removed_reason', 'text', (col) =>
      col.check(sql`removed_reason in ('left', 'no-show', 'left-server')`),
    )
    .addColumn('skip_next', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('interview_member_pk', ['guild_id', 'user_id'])
    .execute();

  // A round and its groups are written in one transaction before anything is sent to Discord.
  await db.schema
    .createTable('interview_round')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('round_key', 'text', (col) => col.notNull())
    .addColumn('channel_id', 'text', (col) => col.notNull())
    .addColumn('seed', 'integer', (col) => col.notNull())
    .addColumn('opens_at', 'integer', (col) => col.notNull())
    .addColumn('follow_up_at', 'integer', (col) => col.notNull())
    .addColumn('closes_at', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('sat_out_user_id', 'text')
    .addColumn('skipped_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('paired_at', 'integer')
    .addColumn('reported_at', 'integer')
    .addColumn('followed_up_at', 'integer')
    .addColumn('closed_at', 'integer')
    .addUniqueConstraint('interview_round_key', ['guild_id', 'round_key'])
    .execute();
  await db.schema
    .createIndex('interview_round_open')
    .on('interview_round')
    .columns(['guild_id', 'closed_at'])
    .execute();

  await db.schema
    .createTable('interview_group')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('round_id', 'integer', (col) => col.notNull().references('interview_round.id'))
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('pending', 'thread-created', 'members-added', 'posted', 'failed')`),
    )
    .addColumn('thread_id', 'text')
    .addColumn('message_id', 'text')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'integer')
    .addColumn('error', 'text')
    .addColumn('follow_up_state', 'text', (col) => col.check(sql`follow_up_state in ('sent', 'failed')`))
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addUniqueConstraint('interview_group_position', ['round_id', 'position'])
    .execute();

  await db.schema
    .createTable('interview_group_member')
    .addColumn('group_id', 'integer', (col) => col.notNull().references('interview_group.id'))
    .addColumn('round_id', 'integer', (col) => col.notNull())
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    // Rotation order: member i interviews member i + 1 (wrapping), so everyone is candidate once.
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('question_ids', 'text', (col) => col.notNull())
    .addColumn('add_state', 'text', (col) =>
      col.notNull().check(sql`add_state in ('pending', 'added', 'failed')`),
    )
    .addColumn('add_error', 'text')
    .addPrimaryKeyConstraint('interview_group_member_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('interview_group_member_user')
    .on('interview_group_member')
    .columns(['guild_id', 'user_id', 'round_id'])
    .execute();

  // So a member is never asked the same question twice, whatever group they land in.
  await db.schema
    .createTable('interview_asked_question')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('question_id', 'text', (col) => col.notNull())
    .addColumn('round_id', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('interview_asked_question_pk', ['guild_id', 'user_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('interview_report')
    .addColumn('group_id', 'integer', (col) => col.notNull().references('interview_group.id'))
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) => col.notNull().check(sql`outcome in ('met', 'missed')`))
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('interview_report_pk', ['group_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('interview_feedback')
    .addColumn('group_id', 'integer', (col) => col.notNull().references('interview_group.id'))
    .addColumn('round_id', 'integer', (col) => col.notNull())
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('giver_id', 'text', (col) => col.notNull())
    .addColumn('candidate_id', 'text', (col) => col.notNull())
    .addColumn('situation', 'integer', (col) => col.notNull().check(sql`situation between 1 and 5`))
    .addColumn('task', 'integer', (col) => col.notNull().check(sql`task between 1 and 5`))
    .addColumn('action', 'integer', (col) => col.notNull().check(sql`action between 1 and 5`))
    .addColumn('result', 'integer', (col) => col.notNull().check(sql`result between 1 and 5`))
    .addColumn('strength', 'text', (col) => col.notNull())
    .addColumn('improve', 'text', (col) => col.notNull())
    .addColumn('delivered_via', 'text', (col) => col.check(sql`delivered_via in ('dm', 'none')`))
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('interview_feedback_pk', ['group_id', 'giver_id', 'candidate_id'])
    .execute();
  await db.schema
    .createIndex('interview_feedback_candidate')
    .on('interview_feedback')
    .columns(['guild_id', 'candidate_id', 'round_id'])
    .execute();
}
