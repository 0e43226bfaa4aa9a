import type { Pool, PoolClient } from '@kiosk/kit';
import type { Principal } from '../domain/access.js';

/** Who made a write and from where: what every audit row carries. */
export interface Actor {
  name: string;
  role: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const actorOf = (p: Principal | null, ip: string | null, userAgent: string | null): Actor =>
  ({ name: p?.name ?? 'anonymous', role: p?.role ?? null, ip, userAgent });

export interface AuditWrite {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one audit row; pass the write's transaction client so the row commits (or not) with the write. */
export async function recordAudit(db: Pool | PoolClient, actor: Actor, w: AuditWrite): Promise<void> {
  await db.query(
    `INSERT INTO central_admin.audit_log (actor, role, action, entity_type, entity_id, before, after, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [actor.name, actor.role, w.action, w.entityType, w.entityId, json(w.before), json(w.after), actor.ip, actor.userAgent?.slice(0, 500) ?? null],
  );
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export interface AuditFilter { actor?: string; entityType?: string; action?: string; from?: string; to?: string; limit: number; before?: number }

export interface AuditEntryView {
  id: number; at: string; actor: string; role: string | null; action: string; entityType: string; entityId: string | null;
  before: unknown; after: unknown; ip: string | null; userAgent: string | null;
}

/** Newest first; `before` is the last id of the previous page. */
export async function listAudit(pool: Pool, f: AuditFilter): Promise<AuditEntryView[]> {
  const r = await pool.query<{ id: string; at: Date; actor: string; role: string | null; action: string; entity_type: string; entity_id: string | null; before: unknown; after: unknown; ip: string | null; user_agent: string | null }>(
    `SELECT * FROM central_admin.audit_log
      WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR entity_type = $2) AND ($3::text IS NULL OR action = $3)
        AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5) AND ($6::bigint IS NULL OR id < $6)
      ORDER BY id DESC LIMIT $7`,
    [f.actor ?? null, f.entityType ?? null, f.action ?? null, f.from ?? null, f.to ?? null, f.before ?? null, f.limit]);
  return r.rows.map((a) => ({
    id: Number(a.id), at: a.at.toISOString(), actor: a.actor, role: a.role, action: a.action, entityType: a.entity_type, entityId: a.entity_id,
    before: a.before, after: a.after, ip: a.ip, userAgent: a.user_agent,
  }));
}
