import type { Router } from 'express';
import { z } from 'zod';
import { parse, type RouteTable, type StoreRouteDoc } from '@kiosk/kit';
import type { RetentionRepo } from '../adapters/retention.repo.js';

const confirmedRequest = z.object({ globalIds: z.array(z.uuid()).min(1).max(500) }).strict();

/**
 * For the kitchen's retention (it may not read this schema): which of these orders are old enough and confirmed
 * by central, so their tickets may go; and central's receipt mark for the kitchen's own stream. Box-internal: the gateway routes no /internal path.
 */
export function retentionRoutes(repo: RetentionRepo, cutoffDay: () => string | null, table: RouteTable<StoreRouteDoc>): Router {
  const { router, route } = table.router();
  route({ method: 'post', path: '/internal/retention/prunable', access: 'internal', tag: 'internal', summary: 'For the kitchen\'s retention: which of these orders are old and confirmed by central', body: confirmedRequest }, async (req, res) => {
    const { globalIds } = parse(confirmedRequest, req.body);
    res.json({ prunable: await repo.prunableForKitchen(globalIds, cutoffDay()) });
  });
  // How far central has the kitchen's stream: this service consumes central's receipts for the whole box.
  route({ method: 'get', path: '/internal/retention/kitchen-receipt', access: 'internal', tag: 'internal', summary: 'How far central has the kitchen\'s stream' }, async (_req, res) => {
    res.json({ committedSeq: await repo.kitchenReceiptMark() });
  });
  return router;
}
