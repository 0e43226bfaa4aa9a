import { Router } from 'express';
import { z } from 'zod';
import { currentDevice, pairableRoles, parse, requireDevice, type DeviceRegistry, type Logger } from '@kiosk/kit';
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
export function catalogRoutes(deps: { storeId: string; registry: DeviceRegistry; logger: Logger; reader: CatalogReader; availability: AvailabilityService }): Router {
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

  // Sold-out marking belongs to paired staff screens (kitchen display, counter), not to whoever knows a PIN.
  router.post('/api/catalog/availability', requireDevice(deps.registry, pairableRoles), async (req, res) => {
    const request = parse(availabilityRequest, req.body);
    const accepted = await deps.availability.mark(request);
    const device = currentDevice(res);
    deps.logger.info('availability marked', { productId: request.productId, optionId: request.optionId ?? null, available: request.available, deviceId: device.id });
    res.status(202).json(accepted);
  });

  return router;
}
