import { sql, type Kysely } from 'kysely';

// Feedback not yet delivered is looked for every minute, per server (feedback saved before the work
// engine existed has no work item of its own; one is made for it): a partial index keeps that lookup to
// the few rows still owed, however many years of feedback a server holds.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('interview_feedback_owed')
    .on('interview_feedback')
    .column('guild_id')
    .where(sql.ref('delivered_via'), 'is', null)
    .execute();
}
