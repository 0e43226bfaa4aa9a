import type { PlaceOrderRequest } from '@kiosk/contracts/api';
import { ApiError, getOrder, placeOrder } from './api';
import type { DeliveryAnswer } from './order-queue';

/**
 * Delivers a queued order. A queued order is always cash; if the customer had tried a card and the answer
 * was lost on the way back, the server may already hold that card order under the same globalId and
 * answer 409 idempotency_conflict to the cash copy. The order then exists exactly once, which is all the
 * queue promised, so that counts as delivered.
 */
export async function deliverQueuedOrder(request: PlaceOrderRequest): Promise<DeliveryAnswer> {
  try {
    await placeOrder(request, 20_000);
    return { status: 201 };
  } catch (error) {
    if (!(error instanceof ApiError)) return { status: 0 };
    if (error.code === 'idempotency_conflict') {
      const existing = await getOrder(request.globalId).catch(() => null);
      if (existing) return { status: 200 };
    }
    return { status: error.status, code: error.code };
  }
}
