import { randomUUID } from 'node:crypto';
import { create, pb, subjects, toBinary, type CentralConflictView } from '@kiosk/contracts';
import { conflict as conflictError, dbOf, enqueueEvents, inTransaction, notFound, type OutboxEvent, type Pool } from '@kiosk/kit';
import { refuseDecision, reviewStatus, type ResolveRequest, type ReviewStatus } from '../domain/conflict-review.js';
import { adminOutbox } from './catalog-events.js';
import { recordAudit, type Actor } from './audit.repo.js';
import { conflictDecisions } from './db/schema.js';

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

interface Row {
  id: number; kind: CentralConflictView['kind']; store_id: string; global_id: string | null; business_day: string | null; resolution: string; review_status: string;
  details: Record<string, unknown>; created_at: Date; decision: 'accept' | 'adjust' | null; note: string | null; amount: number | null; resolved_by: string | null; resolved_at: Date | null;
}

const select = `SELECT c.*, d.decision, d.note, d.amount, d.resolved_by, d.resolved_at
                  FROM central.conflicts c LEFT JOIN central_admin.conflict_decisions d ON d.conflict_id = c.id`;

const toView = (c: Row): ConflictView => ({
  id: c.id, kind: c.kind, storeId: c.store_id, globalId: c.global_id, businessDay: c.business_day, resolution: c.resolution,
  reviewStatus: c.decision !== null ? 'resolved' : c.review_status, status: reviewStatus(c.review_status, c.decision !== null), details: c.details, createdAt: c.created_at.toISOString(),
  decision: c.decision, resolvedBy: c.resolved_by, resolvedAt: c.resolved_at?.toISOString() ?? null, resolutionNote: c.note, adjustmentAmount: c.amount,
});

/**
 * The review queue: central-ingest's conflicts (read-only here) and the decisions people take on them. The
 * conflicts are central-ingest's table, described by its schema, which a service does not import: the reads
 * that join them stay SQL text; the decisions, this service's own table, go through Drizzle.
 */
export class ConflictsRepo {
  constructor(private readonly pool: Pool) {}

  async list(f: ConflictFilter): Promise<ConflictView[]> {
    const r = await this.pool.query<Row>(
      `${select}
        WHERE ($1::text IS NULL OR c.kind = $1) AND ($2::text IS NULL OR c.store_id = $2) AND ($3::uuid IS NULL OR c.global_id = $3)
          AND ($4::text IS NULL OR ($4 = 'open') = (d.conflict_id IS NULL AND c.review_status IN ('accounting_review', 'manual_review')))
        ORDER BY c.id DESC LIMIT $5`, [f.kind ?? null, f.storeId ?? null, f.globalId ?? null, f.status ?? null, f.limit]);
    return r.rows.map(toView);
  }

  /**
   * Records the decision, its audit row and the Decision for the store in one transaction: the store learns it
   * through the hub like every other decision (outbox -> CENTRAL_TO_<ID>), or not at all if this fails.
   */
  async resolve(id: number, req: ResolveRequest, actor: Actor): Promise<ConflictView> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`conflict:${id}`]);
      const before = (await client.query<Row>(`${select} WHERE c.id = $1`, [id])).rows[0];
      if (!before) throw notFound('conflict', String(id));
      const refused = refuseDecision({ decided: before.decision !== null });
      if (refused) throw conflictError('already_resolved', refused, { id, resolvedBy: before.resolved_by });
      await dbOf(client).insert(conflictDecisions).values({ conflictId: id, decision: req.decision, note: req.note ?? null, amount: req.amount ?? null, resolvedBy: actor.name });
      const after = toView((await client.query<Row>(`${select} WHERE c.id = $1`, [id])).rows[0]!);
      await enqueueEvents(client, adminOutbox, [resolutionEvent(after)]);
      await recordAudit(dbOf(client), actor, { action: 'resolve', entityType: 'conflict', entityId: String(id), before: toView(before), after });
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
