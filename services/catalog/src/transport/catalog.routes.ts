import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { AppError, parse } from '@kiosk/kit';
import { etagOf, matchesEtag } from '../domain/catalog-view.js';
import type { CatalogReader } from '../catalog.reader.js';
import type { AvailabilityService } from '../availability.service.js';

// Ids become NATS subject tokens (catalog.store.<store>.v1.availability.<id>): no dots, no wildcards, no spaces.
const entityId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

/** `POST /api/catalog/availability` body: sold out (`available: false`) or back (`true`). */
export const availabilityRequest = z.strictObject({
  productId: entityId,
  optionId: entityId.optional(),
  available: z.boolean(),
});

/** Routes only parse, delegate and map: the reader and the availability service hold the rules. */
export function catalogRoutes(deps: { storeId: string; staffPin: string; reader: CatalogReader; availability: AvailabilityService }): Router {
  const router = Router();

  router.get('/api/catalog', async (req, res) => {
    // Revalidate every time: the answer is a cheap 304 while the menu is unchanged.
    res.set('Cache-Control', 'no-cache');
    const version = await deps.reader.currentVersion();
    const etag = etagOf(deps.storeId, version);
    if (matchesEtag(req.get('If-None-Match'), etag)) {
      res.set('ETag', etag).status(304).end();
      return;
    }
    const answer = await deps.reader.read(version);
    res.set('ETag', etagOf(deps.storeId, answer.version)).type('application/json').send(answer.body);
  });

  router.post('/api/catalog/availability', async (req, res) => {
    if (!samePin(req.get('X-Staff-Pin'), deps.staffPin)) throw new AppError(401, 'invalid_pin', 'a valid X-Staff-Pin header is required');
    const request = parse(availabilityRequest, req.body);
    const accepted = await deps.availability.mark(request);
    res.status(202).json(accepted);
  });

  return router;
}

/** Constant-time comparison (of digests, so lengths match), so response timing does not leak the PIN. */
function samePin(given: string | undefined, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}
