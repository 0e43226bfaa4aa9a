import { randomUUID } from 'node:crypto';
import { conflicts } from '@kiosk/central-ingest/schema';
import { and, desc, eq, getTableColumns, inArray, isNull, not, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { create, pb, subjects, toBinary, type CentralConflictView } from '@kiosk/contracts';
import { conflict as conflictError, dbOf, enqueueEvents, inTransaction, notFound, type OutboxEvent, type Pool } from '@kiosk/kit';
import { refuseDecision, reviewStatus, type ResolveRequest, type ReviewStatus } from '../domain/conflict-review.js';
import { adminOutbox } from './catalog-events.js';
import { recordAudit, type Actor } from './audit.repo.js';
import { conflictDecisions } from './db/schema.js';
import { isoOf, isoOrNull } from './db/timestamps.js';

/** A conflict as the API shows it: what central-ingest recorded plus the person's decision, if any. */
export interface ConflictView extends CentralConflictView {
  /** open while it waits for a person; reviewStatus keeps the rule's queue (accounting_review, ...) until a decision, then `resolved`. */
  status: ReviewStatus;
  decision: 'accept' | 'adjust' | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  adjustmentAmount: number | null;
}

export interface ConflictFilter { kind?: string; storeId?: string; globalId?: string; status?: ReviewStatus; limit: number }

/** central-ingest's conflict (its published schema) with this service's decision on it, if any. */
const viewColumns = {
  ...getTableColumns(conflicts),
  decision: conflictDecisions.decision, note: conflictDecisions.note, amount: conflictDecisions.amount,
  resolvedBy: conflictDecisions.resolvedBy, resolvedAt: conflictDecisions.resolvedAt,
};

const withDecisions = (db: NodePgDatabase) =>
  db.select(viewColumns).from(conflicts).leftJoin(conflictDecisions, eq(conflictDecisions.conflictId, conflicts.id));

type Row = Awaited<ReturnType<ReturnType<typeof withDecisions>['execute']>>[number];

const toView = (c: Row): ConflictView => ({
  id: c.id, kind: c.kind as ConflictView['kind'], storeId: c.storeId, globalId: c.globalId, businessDay: c.businessDay, resolution: c.resolution,
  reviewStatus: c.decision !== null ? 'resolved' : c.reviewStatus, status: reviewStatus(c.reviewStatus, c.decision !== null), details: c.details, createdAt: isoOf(c.createdAt),
  decision: c.decision as ConflictView['decision'], resolvedBy: c.resolvedBy, resolvedAt: isoOrNull(c.resolvedAt), resolutionNote: c.note, adjustmentAmount: c.amount,
});

/** Waiting for a person: no decision yet, and the rule queued it for review rather than settling it. */
const stillOpen = and(isNull(conflictDecisions.conflictId), inArray(conflicts.reviewStatus, ['accounting_review', 'manual_review']));

/**
 * The review queue: central-ingest's conflicts (read-only here, described by its published schema) and the
 * decisions people take on them (this service's own table).
 */
export class ConflictsRepo {
  constructor(private readonly pool: Pool) {}

  async list(f: ConflictFilter): Promise<ConflictView[]> {
    const rows = await withDecisions(dbOf(this.pool)).where(and(
      f.kind === undefined ? undefined : eq(conflicts.kind, f.kind),
      f.storeId === undefined ? undefined : eq(conflicts.storeId, f.storeId),
      f.globalId === undefined ? undefined : eq(conflicts.globalId, f.globalId),
      f.status === undefined ? undefined : f.status === 'open' ? stillOpen : not(stillOpen!),
    )).orderBy(desc(conflicts.id)).limit(f.limit);
    return rows.map(toView);
  }

  /**
   * Records the decision, its audit row and the Decision for the store in one transaction: the store learns it
   * through the hub like every other decision (outbox -> CENTRAL_TO_<ID>), or not at all if this fails.
   */
  async resolve(id: number, req: ResolveRequest, actor: Actor): Promise<ConflictView> {
    return inTransaction(this.pool, async (client) => {
      const db = dbOf(client);
      await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`conflict:${id}`}))`);
      const before = (await withDecisions(db).where(eq(conflicts.id, id)))[0];
      if (!before) throw notFound('conflict', String(id));
      const refused = refuseDecision({ decided: before.decision !== null });
      if (refused) throw conflictError('already_resolved', refused, { id, resolvedBy: before.resolvedBy });
      await db.insert(conflictDecisions).values({ conflictId: id, decision: req.decision, note: req.note ?? null, amount: req.amount ?? null, resolvedBy: actor.name });
      const after = toView((await withDecisions(db).where(eq(conflicts.id, id)))[0]!);
      await enqueueEvents(client, adminOutbox, [resolutionEvent(after)]);
      await recordAudit(db, actor, { action: 'resolve', entityType: 'conflict', entityId: String(id), before: toView(before), after });
      return after;
    });
  }
}

function resolutionEvent(c: ConflictView): OutboxEvent {
  const eventId = randomUUID();
  const msg = create(pb.DecisionSchema, {
    eventId, storeId: c.storeId, decidedAt: c.resolvedAt!, reason: `${c.kind}_resolved`,
    decision: { case: 'reviewResolved', value: create(pb.ReviewResolvedSchema, {
      reviewId: String(c.id), kind: c.kind, globalId: c.globalId ?? '', decision: c.decision!, note: c.resolutionNote ?? '',
      amount: BigInt(c.adjustmentAmount ?? 0), resolvedBy: c.resolvedBy!, resolvedAt: c.resolvedAt!,
    }) },
  });
  return { eventId, subject: subjects.decision(c.storeId), eventType: 'kiosk.events.v1.Decision', payload: toBinary(pb.DecisionSchema, msg), correlationId: c.globalId ?? undefined };
}
