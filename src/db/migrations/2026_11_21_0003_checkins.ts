import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One schedule per server. active_since stops a new or edited schedule from prompting mid-week.
  await db.schema
    .createTable('checkin_config')
    .addColumn('guild_id', 'text', (col) => col.primaryKey())
    .addColumn('channel_id', 'text', (col) => col.notNull())
    .addColumn('weekday', 'text', (col) => col.notNull())
    .addColumn('time', 'text', (col) => col.notNull())
    .addColumn('timezone', 'text', (col) => col.notNull())
    .addColumn('reminder_lead_hours', 'integer', (col) => col.notNull())
    .addColumn('delivery', 'text', (col) => col.notNull().check(sql`delivery in ('dm', 'channel')`))
    .addColumn('active_since', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('checkin_member')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('joined_at', 'integer', (col) => col.notNull())
    .addColumn('active', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('paused_until', 'integer')
    // Reused for every DM so a round opens no new DM channel per member per week.
    .addColumn('dm_channel_id', 'text')
    // Set on Discord's 50007: the member gets the channel instead and is never retried as a DM.
    .addColumn('dm_closed', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('checkin_member_pk', ['guild_id', 'user_id'])
    .execute();

  // A row per round and phase time: what already happened survives restarts.
  await db.schema
    .createTable('checkin_round')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('round_key', 'text', (col) => col.notNull())
    .addColumn('opens_at', 'integer', (col) => col.notNull())
    .addColumn('remind_at', 'integer', (col) => col.notNull())
    .addColumn('closes_at', 'integer', (col) => col.notNull())
    .addColumn('channel_id', 'text', (col) => col.notNull())
    .addColumn('opened_at', 'integer')
    .addColumn('reminded_at', 'integer')
    .addColumn('closed_at', 'integer')
    .addPrimaryKeyConstraint('checkin_round_pk', ['guild_id', 'round_key'])
    .execute();

  // Every prompt and reminder, recorded before and after it is attempted.
  await db.schema
    .createTable('checkin_delivery')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('round_key', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('prompt', 'reminder')`))
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('pending', 'sending', 'sent', 'failed', 'skipped')`),
    )
    .addColumn('via', 'text')
    .addColumn('message_id', 'text')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'integer')
    .addColumn('error', 'text')
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('checkin_delivery_pk', ['guild_id', 'round_key', 'user_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('checkin_delivery_state')
    .on('checkin_delivery')
    .columns(['guild_id', 'round_key', 'kind', 'state'])
    .execute();

  await db.schema
    .createTable('checkin_answer')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('round_key', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('done', 'text', (col) => col.notNull())
    .addColumn('next_goal', 'text', (col) => col.notNull())
    .addColumn('blockers', 'text')
    .addColumn('applications', 'integer')
    .addColumn('interviews', 'integer')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('checkin_answer_pk', ['guild_id', 'round_key', 'user_id'])
    .execute();
  await db.schema
    .createIndex('checkin_answer_member')
    .on('checkin_answer')
    .columns(['guild_id', 'user_id', 'round_key'])
    .execute();
}
