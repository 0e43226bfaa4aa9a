import { Router } from 'express';
import { z } from 'zod';
import { parse } from '@kiosk/kit';
import type { RetentionRepo } from '../adapters/retention.repo.js';

const confirmedRequest = z.object({ globalIds: z.array(z.uuid()).min(1).max(500) }).strict();

/**
 * For the kitchen's retention (it may not read this schema): which of these orders are old enough and confirmed
 * by central, so their tickets may go; and central's receipt mark for the kitchen's own stream. Box-internal: the gateway routes no /internal path.
 */
export function retentionRoutes(repo: RetentionRepo, cutoffDay: () => string | null): Router {
  const router = Router();
  router.post('/internal/retention/prunable', async (req, res) => {
    const { globalIds } = parse(confirmedRequest, req.body);
    res.json({ prunable: await repo.prunableForKitchen(globalIds, cutoffDay()) });
  });
  // How far central has the kitchen's stream: this service consumes central's receipts for the whole box.
  router.get('/internal/retention/kitchen-receipt', async (_req, res) => {
    res.json({ committedSeq: await repo.kitchenReceiptMark() });
  });
  return router;
}
