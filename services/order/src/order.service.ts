import { randomUUID } from 'node:crypto';
import { AppError, conflict, forOrder, unavailable, type Logger } from '@kiosk/kit';
import type { PlaceOrderRequest } from '@kiosk/contracts';
import { assembleOrder } from './domain/order.js';
import { businessDay } from './domain/numbering.js';
import type { AuthoriseOutcome, AuthoriseRequest } from './domain/payment.js';
import { priceOrder, type PricedOrder } from './domain/pricing.js';
import { requestHash } from './domain/request-hash.js';
import type { CatalogClient } from './adapters/catalog.client.js';
import type { DaySequences } from './adapters/day-sequence.js';
import { orderEvents } from './adapters/events.js';
import { NumberTakenError, type OrderRepo, type StoredOrder } from './adapters/order.repo.js';

/** The answer to a place-order call: the exact JSON body, and whether this call created the order. */
export interface PlacedOrder {
  created: boolean;
  viewJson: string;
}

export interface OrderServiceDeps {
  storeId: string;
  timeZone: string;
  clock: () => Date;
  catalog: CatalogClient;
  sequences: DaySequences;
  repo: OrderRepo;
  /** The terminal behind the kit's breaker (opossum): `fire` times out and fails fast while it is open. */
  terminal: { fire(request: AuthoriseRequest): Promise<AuthoriseOutcome> };
  logger: Logger;
  /** Called after each commit: wakes the outbox relay. */
  onCommitted: () => void;
}

/**
 * Places orders: price (pure), authorise a card (before any write), number, and write everything in one
 * statement. Idempotent by globalId: a repeat returns the first answer, a different body under the same id
 * is refused, and a repeat never charges a card twice (the stored order is looked up before authorising).
 */
export class OrderService {
  /** Card orders being authorised, by globalId: a kiosk re-sending while the first try is at the terminal waits for it. */
  private readonly cardsInFlight = new Map<string, Promise<PlacedOrder>>();

  constructor(private readonly d: OrderServiceDeps) {}

  async place(request: PlaceOrderRequest): Promise<PlacedOrder> {
    if (request.payment.method !== 'card') return this.placeOnce(request);
    const running = this.cardsInFlight.get(request.globalId);
    if (running) {
      await running.catch(() => undefined);
      return this.placeOnce(request);
    }
    const attempt = this.placeOnce(request).finally(() => this.cardsInFlight.delete(request.globalId));
    this.cardsInFlight.set(request.globalId, attempt);
    return attempt;
  }

  private async placeOnce(request: PlaceOrderRequest): Promise<PlacedOrder> {
    const hash = requestHash(request);
    const priced = await this.priceOrReplay(request, hash);
    if ('viewJson' in priced) return priced;
    let cardReference: string | undefined;
    if (request.payment.method === 'card') {
      const stored = await this.d.repo.find(request.globalId);
      if (stored) return replay(stored, hash);
      cardReference = await this.authorise(request, priced.total, priced.currency);
    }
    return this.write(request, hash, priced, cardReference);
  }

  async get(globalId: string): Promise<string | null> {
    return (await this.d.repo.find(globalId))?.viewJson ?? null;
  }

  /** A request that no longer prices (sold out since, catalog gone) may still be a repeat of an accepted order. */
  private async priceOrReplay(request: PlaceOrderRequest, hash: string): Promise<PricedOrder | PlacedOrder> {
    try {
      const book = this.d.catalog.current();
      if (!book) throw unavailable('catalog_unavailable', 'the menu is not loaded yet; try again in a moment');
      return priceOrder(book, request);
    } catch (err) {
      const stored = err instanceof AppError ? await this.d.repo.find(request.globalId) : null;
      if (stored) return replay(stored, hash);
      throw err;
    }
  }

  private async authorise(request: PlaceOrderRequest, amount: number, currency: string): Promise<string> {
    const log = forOrder(this.d.logger, request.globalId);
    let outcome: AuthoriseOutcome;
    try {
      outcome = await this.d.terminal.fire({ globalId: request.globalId, amount, currency, simulate: request.payment.simulate });
    } catch (err) {
      const code = (err as { code?: string }).code;
      log.warn('card terminal failed', { code, err: (err as Error).message });
      if (code === 'EOPENBREAKER') throw unavailable('payment_terminal_unavailable', 'the card terminal is not answering; pay cash or try again');
      throw new AppError(504, 'payment_timeout', 'the card terminal did not answer in time; nothing was charged or ordered');
    }
    if (!outcome.approved) {
      log.info('card declined', { reason: outcome.reason });
      throw new AppError(402, 'payment_declined', 'the card was declined; nothing was ordered', { reason: outcome.reason });
    }
    return outcome.reference;
  }

  private async write(request: PlaceOrderRequest, hash: string, priced: PricedOrder, cardReference?: string): Promise<PlacedOrder> {
    const createdAt = this.d.clock();
    const day = businessDay(createdAt, this.d.timeZone);
    const paymentId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const daySequence = await this.d.sequences.next(day);
      const order = assembleOrder({ request, priced, storeId: this.d.storeId, businessDay: day, daySequence, createdAt, paymentId, cardReference, requestHash: hash });
      const viewJson = JSON.stringify(order.view);
      const [created, recorded] = orderEvents(order.view, daySequence, paymentId);
      try {
        if (await this.d.repo.insert(order, viewJson, [created!, recorded!])) {
          this.d.onCommitted();
          forOrder(this.d.logger, request.globalId).info('order placed', { orderNumber: order.view.orderNumber, total: order.view.total });
          return { created: true, viewJson };
        }
      } catch (err) {
        // Someone moved the numbering under us (a bump racing nextval): draw the next number.
        if (err instanceof NumberTakenError && attempt < 5) continue;
        throw err;
      }
      // Lost a race with the same globalId: the winner committed before our insert returned.
      const stored = await this.d.repo.find(request.globalId);
      if (!stored) throw new Error(`order ${request.globalId} conflicted but cannot be read`);
      return replay(stored, hash);
    }
  }
}

function replay(stored: StoredOrder, hash: string): PlacedOrder {
  if (stored.requestHash !== hash) {
    throw conflict('idempotency_conflict', 'this globalId was already used for a different order', { hint: 'generate a new globalId for a new order' });
  }
  return { created: false, viewJson: stored.viewJson };
}
