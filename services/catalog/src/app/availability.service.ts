import { AppError, notFound, publishEvent, type Nats, type Pool } from '@kiosk/kit';
import { availabilityEvent } from '../adapters/catalog-events.js';
import { findProduct } from '../adapters/catalog.repo.js';

export interface AvailabilityRequest { productId: string; optionId?: string; available: boolean }
export interface AvailabilityAccepted { eventId: string; version: number; productId: string; optionId: string | null; available: boolean }

/**
 * A manager marks a product or option sold out / back. The change goes through the catalog stream like
 * central's changes do (and is sourced to central from there), so the box has one way to change its menu;
 * it shows once the consumer has applied it. Hence 202, not 200.
 */
export class AvailabilityService {
  constructor(private readonly deps: { storeId: string; pool: Pool; nats: () => Nats | null }) {}

  async mark(request: AvailabilityRequest): Promise<AvailabilityAccepted> {
    const product = await findProduct(this.deps.pool, request.productId);
    if (!product) throw notFound('product', request.productId);
    if (request.optionId && !product.optionIds.includes(request.optionId)) throw notFound('option', `${request.productId}/${request.optionId}`);
    const nats = this.deps.nats();
    if (!nats) throw new AppError(503, 'nats_unavailable', 'the store message bus is not reachable; try again');
    const data = { productId: request.productId, optionId: request.optionId ?? '', available: request.available };
    const event = availabilityEvent(this.deps.storeId, data);
    try {
      await publishEvent(nats.js, event);
    } catch (err) {
      throw new AppError(503, 'nats_unavailable', 'the change could not be stored; try again', undefined, { cause: err });
    }
    return { eventId: event.eventId, version: event.version, productId: request.productId, optionId: request.optionId ?? null, available: request.available };
  }
}
