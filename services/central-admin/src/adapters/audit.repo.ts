import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Principal } from '../domain/access.js';
import type { AuditEntry } from '../domain/audit.js';
import { auditLog } from './db/schema.js';
import { isoOf } from './db/timestamps.js';

/** Who made a write and from where: what every audit row carries. */
export interface Actor {
  name: string;
  role: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const actorOf = (p: Principal | null, ip: string | null, userAgent: string | null): Actor =>
  ({ name: p?.name ?? 'anonymous', role: p?.role ?? null, ip, userAgent });

export type AuditWrite = AuditEntry;

/** Appends one audit row; pass the write's transaction (dbOf its client) so the row commits (or not) with the write. */
export async function recordAudit(db: NodePgDatabase, actor: Actor, w: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actor: actor.name, role: actor.role, action: w.action, entityType: w.entityType, entityId: w.entityId,
    before: w.before ?? null, after: w.after ?? null, ip: actor.ip, userAgent: actor.userAgent?.slice(0, 500) ?? null,
  });
}

export interface AuditFilter { actor?: string; entityType?: string; action?: string; from?: string; to?: string; limit: number; before?: number }

export interface AuditEntryView {
  id: number; at: string; actor: string; role: string | null; action: string; entityType: string; entityId: string | null;
  before: unknown; after: unknown; ip: string | null; userAgent: string | null;
}

/** Newest first; `before` is the last id of the previous page. */
export async function listAudit(db: NodePgDatabase, f: AuditFilter): Promise<AuditEntryView[]> {
  const where: (SQL | undefined)[] = [
    f.actor !== undefined ? eq(auditLog.actor, f.actor) : undefined,
    f.entityType !== undefined ? eq(auditLog.entityType, f.entityType) : undefined,
    f.action !== undefined ? eq(auditLog.action, f.action) : undefined,
    f.from !== undefined ? gte(auditLog.at, f.from) : undefined,
    f.to !== undefined ? lt(auditLog.at, f.to) : undefined,
    f.before !== undefined ? lt(auditLog.id, f.before) : undefined,
  ];
  const rows = await db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(f.limit);
  return rows.map((a) => ({ ...a, at: isoOf(a.at) }));
}
