import type { Router } from 'express';
import { z } from 'zod';
import { mediaTypes, parseMediaFileName } from '@kiosk/contracts';
import { currentDevice, notFound, pairableRoles, parse, requireDevice, type DeviceRegistry, type Logger, type RouteTable, type StoreRouteDoc } from '@kiosk/kit';
import { etagOf, matchesEtag } from '../domain/catalog-view.js';
import type { CatalogReader } from '../app/catalog.reader.js';
import type { AvailabilityService } from '../app/availability.service.js';

// Ids become NATS subject tokens (catalog.store.<store>.v1.availability.<id>): no dots, no wildcards, no spaces.
const entityId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

/** `POST /api/catalog/availability` body: sold out (`available: false`) or back (`true`). */
export const availabilityRequest = z.strictObject({
  productId: entityId,
  optionId: entityId.optional(),
  available: z.boolean(),
});

const mediaFile = z.object({ file: z.string().max(80) });

/** An image as the catalog holds it (central's upload, arrived with the catalog). */
export interface MediaSource { find(sha256: string): Promise<{ contentType: string; bytes: Buffer } | null> }

/** Routes only parse, delegate and map: the reader and the availability service hold the rules. */
export function catalogRoutes(deps: { storeId: string; registry: DeviceRegistry; logger: Logger; reader: CatalogReader; availability: AvailabilityService; media: MediaSource }, table: RouteTable<StoreRouteDoc>): Router {
  const { router, route } = table.router();

  route({ method: 'get', path: '/api/catalog', access: 'lan', tag: 'catalog', summary: 'The store\'s menu (ETag; If-None-Match answers 304 while unchanged)' }, async (req, res) => {
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
  route({ method: 'post', path: '/api/catalog/availability', access: 'pairedScreen', tag: 'catalog', summary: 'Mark a product or option sold out or back', body: availabilityRequest, status: 202 }, requireDevice(deps.registry, pairableRoles), async (req, res) => {
    const request = parse(availabilityRequest, req.body);
    const accepted = await deps.availability.mark(request);
    const device = currentDevice(res);
    deps.logger.info('availability marked', { productId: request.productId, optionId: request.optionId ?? null, available: request.available, deviceId: device.id });
    res.status(202).json(accepted);
  });

  // The name is the SHA-256 of the bytes: what it names never changes, so browsers and the kiosk's service worker keep it for good.
  route({ method: 'get', path: '/media/u/:file', access: 'lan', tag: 'catalog', params: mediaFile, produces: Object.keys(mediaTypes),
    summary: 'An image uploaded at central for the menu (/media/u/<sha256>.<ext>), cached as immutable', errors: { 404: 'not_found: no such image (yet)' } }, async (req, res) => {
    const { file } = parse(mediaFile, req.params);
    const name = parseMediaFileName(file);
    const found = name && await deps.media.find(name.sha256);
    if (!name || !found || found.contentType !== name.type) throw notFound('image', file);
    res.set({ 'Content-Type': found.contentType, 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' }).send(found.bytes);
  });

  return router;
}
