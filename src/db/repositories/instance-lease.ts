import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { InstanceLeaseRow } from '../tables/instance.js';

type Db = Kysely<Database>;

/**
 * Takes or renews the lease of `scope` in one statement: it succeeds when nobody holds it, when `owner`
 * already holds it, or when the holder let it expire. Returns the new expiry, or undefined when another
 * live instance holds it. One upsert with a WHERE, so two instances racing cannot both win (SQLite
 * serialises writers; PostgreSQL's ON CONFLICT … DO UPDATE … WHERE locks the row).
 */
export async function acquireLease(
  db: Db,
  lease: { scope: string; owner: string; now: number; ttlMs: number },
): Promise<number | undefined> {
  const expiresAt = lease.now + lease.ttlMs;
  const row = await db
    .insertInto('instance_lease')
    .values({
      scope: lease.scope,
      owner: lease.owner,
      acquired_at: lease.now,
      renewed_at: lease.now,
      expires_at: expiresAt,
    })
    .onConflict((oc) =>
      oc
        .column('scope')
        .doUpdateSet((eb) => ({
          owner: eb.ref('excluded.owner'),
          // A renewal keeps the original acquisition time; a take-over starts a new one.
          acquired_at: eb
            .case()
            .when('instance_lease.owner', '=', lease.owner)
            .then(eb.ref('instance_lease.acquired_at'))
            .else(eb.ref('excluded.acquired_at'))
            .end(),
          renewed_at: eb.ref('excluded.renewed_at'),
          expires_at: eb.ref('excluded.expires_at'),
        }))
        .where((eb) =>
          eb.or([
            eb('instance_lease.owner', '=', lease.owner),
            eb('instance_lease.expires_at', '<=', lease.now),
          ]),
        ),
    )
    .returning(['owner', 'expires_at'])
    .executeTakeFirst();
  return row?.owner === lease.owner ? row.expires_at : undefined;
}

/** Gives the lease up at once (clean shutdown), so a standby need not wait for it to expire. */
export async function releaseLease(db: Db, scope: string, owner: string): Promise<void> {
  await db.deleteFrom('instance_lease').where('scope', '=', scope).where('owner', '=', owner).execute();
}

export async function getLease(db: Db, scope: string): Promise<InstanceLeaseRow | undefined> {
  return db.selectFrom('instance_lease').selectAll().where('scope', '=', scope).executeTakeFirst();
}
