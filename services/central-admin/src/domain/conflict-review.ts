import { z } from 'zod';

/**
 * A person's decision on a conflict central queued: accept what the rule did (the paid price stands, the rename
 * stands, central's availability stands), or adjust it with a note saying what was done (a refund, a stock
 * correction), optionally with the amount in minor units.
 */
export const resolveRequest = z.strictObject({
  decision: z.enum(['accept', 'adjust']),
  note: z.string().trim().max(1000).optional(),
  amount: z.number().int().min(-1_000_000_000_000).max(1_000_000_000_000).optional(),
}).refine((r) => r.decision !== 'adjust' || (r.note !== undefined && r.note.length > 0), { message: 'an adjustment needs a note', path: ['note'] });
export type ResolveRequest = z.infer<typeof resolveRequest>;

/** Review statuses central-ingest gives conflicts that wait for a person; anything else was settled by its rule. */
const waiting = new Set(['accounting_review', 'manual_review']);

export type ReviewStatus = 'open' | 'resolved';

/** Where a conflict stands: resolved once a person decided, or when the rule settled it without a person. */
export function reviewStatus(ingestStatus: string, decided: boolean): ReviewStatus {
  return decided || !waiting.has(ingestStatus) ? 'resolved' : 'open';
}

/** Why a decision cannot be taken now, or null: one decision per conflict, never silently replaced. */
export function refuseDecision(conflict: { decided: boolean }): string | null {
  return conflict.decided ? 'this conflict was already resolved' : null;
}
