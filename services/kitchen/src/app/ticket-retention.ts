import { untilShort, type BatchResult, type PruneStep } from '@kiosk/kit';
import { ticketCandidateBefore } from '../domain/retention.js';
import type { TicketCursor, TicketRetentionRepo } from '../adapters/ticket-retention.repo.js';

/**
 * The kitchen's retention step: walks old tickets that left the rail in batches, asks the order service which
 * of their orders central has (and are old by business day), and deletes those tickets with their events.
 * A ticket whose order is not confirmed is skipped this pass, never deleted.
 */
export function ticketRetentionStep(options: {
  repo: TicketRetentionRepo; days: number; now: () => Date; prunable: (globalIds: string[]) => Promise<Set<string>>;
}): PruneStep[] {
  const before = ticketCandidateBefore(options.now(), options.days);
  if (before === null) return [];
  let cursor: TicketCursor | null = null;
  return [{
    table: 'tickets',
    async batch(size): Promise<BatchResult> {
      const candidates = await options.repo.candidates(before, cursor, size);
      if (candidates.length === 0) return { pruned: 0, done: true };
      const last = candidates[candidates.length - 1]!;
      cursor = { createdAt: last.createdAt, id: last.id };
      const allowed = await options.prunable(candidates.map((c) => c.globalId));
      const pruned = await options.repo.delete(candidates.filter((c) => allowed.has(c.globalId)).map((c) => c.id));
      return { pruned, done: candidates.length < size };
    },
  }];
}

/**
 * The kitchen outbox's retention step: rows older than `days` whose stream sequence central's kitchen receipt
 * covers (central has those events). Without a receipt, or for rows published before sequences were recorded,
 * nothing goes.
 */
export function outboxRetentionStep(options: {
  repo: TicketRetentionRepo; days: number; now: () => Date; receiptMark: () => Promise<number | null>;
}): PruneStep[] {
  const before = ticketCandidateBefore(options.now(), options.days);
  if (before === null) return [];
  let mark: number | null | undefined;
  return [{
    table: 'outbox',
    async batch(size): Promise<BatchResult> {
      mark ??= await options.receiptMark();
      if (mark === null) return { pruned: 0, done: true };
      return untilShort(await options.repo.pruneOutbox(before, mark, size), size);
    },
  }];
}
