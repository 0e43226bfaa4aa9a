import { randomUUID } from 'node:crypto';
import { AppError, conflict, forOrder, unavailable, type Logger } from '@kiosk/kit';
import type { PlaceOrderRequest } from '@kiosk/contracts';
import { assembleOrder } from '../domain/order.js';
import { businessDay } from '../domain/numbering.js';
import type { AuthoriseOutcome, AuthoriseRequest } from '../domain/payment.js';
import { approveOffline, type OfflineCardRules } from '../domain/offline-card.js';
import { priceOrder, type PricedOrder } from '../domain/pricing.js';
import { requestHash } from '../domain/request-hash.js';
import type { CatalogClient } from '../adapters/catalog.client.js';
import type { DaySequences } from '../adapters/day-sequence.js';
import { orderEvents } from '../adapters/events.js';
import { NumberTakenError, type OrderRepo, type StoredOrder } from '../adapters/order.repo.js';

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
  /** The kiosk's terminal behind its own breaker (opossum): `fire` times out, and fails fast while it is open. */
  terminal: { fire(request: AuthoriseRequest): Promise<AuthoriseOutcome> };
  logger: Logger;
  /** Called after each commit: wakes the outbox relay. */
  onCommitted: () => void;
  /** Store-and-forward of cards while the acquirer is unreachable. */
  offline: {
    /** The rules in force (central's store settings, else the defaults). */
    rules: () => OfflineCardRules;
    /** Approved offline, not forwarded yet (checked against the total limit). */
    pendingAmount: () => Promise<number>;
    /** Called after an offline approval committed: the forwarder tries at once. */
    onApproved: () => void;
  };
}

type CardApproval = { reference: string; offline: boolean };

/**
 * Places orders: price (pure), authorise a card (before any write), number, and write everything in one
 * statement. Idempotent by globalId: a repeat returns the first answer, a different body under the same id
 * is refused, and a repeat never charges a card twice (the stored order is looked up before authorising).
 */
export class OrderService {
  /** Card orders being authorised, by globalId: a kiosk re-sending while the first try is at the terminal waits for it. */
  private readonly cardsInFlight = new Map<string, Promise<PlacedOrder>>();
  /** Offline approvals take turns from the limit check to the commit, so two at once cannot pass the total limit together. */
  private offlineTurn: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: OrderServiceDeps) {}

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
    if (request.payment.method !== 'card') return this.write(request, hash, priced);
    const stored = await this.deps.repo.find(request.globalId);
    if (stored) return replay(stored, hash);
    const card = await this.authorise(request, priced.total, priced.currency);
    if (!card.offline) return this.write(request, hash, priced, card);
    return this.writeOffline(request, hash, priced, card);
  }

  async get(globalId: string): Promise<string | null> {
    return (await this.deps.repo.find(globalId))?.viewJson ?? null;
  }

  /** A request that no longer prices (sold out since, catalog gone) may still be a repeat of an accepted order. */
  private async priceOrReplay(request: PlaceOrderRequest, hash: string): Promise<PricedOrder | PlacedOrder> {
    try {
      return await this.price(request);
    } catch (err) {
      const stored = err instanceof AppError ? await this.deps.repo.find(request.globalId) : null;
      if (stored) return replay(stored, hash);
      throw err;
    }
  }

  /**
   * A kiosk may show a menu this service has not loaded yet: the catalog's "version live" message is still on its
   * way. An order that does not price against the loaded book is priced once more against a fresh read before it
   * is refused; a request that is simply wrong costs one conditional read of the local catalog (a 304).
   */
  private async price(request: PlaceOrderRequest): Promise<PricedOrder> {
    const book = this.deps.catalog.current();
    if (!book) throw unavailable('catalog_unavailable', 'the menu is not loaded yet; try again in a moment');
    try {
      return priceOrder(book, request);
    } catch (err) {
      if (!(err instanceof AppError) || !menuMayBeStale.has(err.code)) throw err;
      const newer = await this.deps.catalog.newerThan(book.version);
      if (!newer) throw err;
      return priceOrder(newer, request);
    }
  }

  /**
   * A card the terminal read while its acquirer was unreachable: approved by the store within the offline limits
   * (else 402 offline_card_limit, nothing ordered), written with its offline row in the order's own statement.
   */
  private writeOffline(request: PlaceOrderRequest, hash: string, priced: PricedOrder, card: CardApproval): Promise<PlacedOrder> {
    const turn = this.offlineTurn.then(async () => {
      const { expiresAt } = approveOffline(this.deps.offline.rules(), priced.total, await this.deps.offline.pendingAmount(), this.deps.clock());
      const placed = await this.write(request, hash, priced, card, { expiresAt });
      forOrder(this.deps.logger, request.globalId).warn('card approved offline (acquirer unreachable): to be forwarded', { amount: priced.total, expiresAt });
      this.deps.offline.onApproved();
      return placed;
    });
    this.offlineTurn = turn.catch(() => undefined);
    return turn;
  }

  private async authorise(request: PlaceOrderRequest, amount: number, currency: string): Promise<CardApproval> {
    const log = forOrder(this.deps.logger, request.globalId);
    let outcome: AuthoriseOutcome;
    try {
      outcome = await this.deps.terminal.fire({ globalId: request.globalId, amount, currency, terminalId: request.kioskId });
    } catch (err) {
      const code = (err as { code?: string }).code;
      log.warn('card terminal failed', { code, err: (err as Error).message });
      if (code === 'EOPENBREAKER') throw unavailable('payment_terminal_unavailable', 'the card terminal is not answering; pay cash or try again');
      throw new AppError(504, 'payment_timeout', 'the card terminal did not answer in time; nothing was charged or ordered');
    }
    if (outcome.approved) return { reference: outcome.reference, offline: false };
    if ('acquirerUnreachable' in outcome) return { reference: outcome.reference, offline: true };
    log.info('card declined', { reason: outcome.reason });
    throw new AppError(402, 'payment_declined', 'the card was declined; nothing was ordered', { reason: outcome.reason });
  }

  private async write(request: PlaceOrderRequest, hash: string, priced: PricedOrder, card?: CardApproval, offline?: { expiresAt: Date }): Promise<PlacedOrder> {
    const createdAt = this.deps.clock();
    const day = businessDay(createdAt, this.deps.timeZone);
    const paymentId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const daySequence = await this.deps.sequences.next(day);
      const order = assembleOrder({ request, priced, storeId: this.deps.storeId, businessDay: day, daySequence, createdAt, paymentId, card, requestHash: hash });
      const viewJson = JSON.stringify(order.view);
      const [created, recorded] = orderEvents(order.view, daySequence, paymentId);
      try {
        if (await this.deps.repo.insert(order, viewJson, [created!, recorded!], offline)) {
          this.deps.onCommitted();
          forOrder(this.deps.logger, request.globalId).info('order placed', { orderNumber: order.view.orderNumber, total: order.view.total });
          return { created: true, viewJson };
        }
      } catch (err) {
        // Someone moved the numbering under us (a bump racing nextval): draw the next number.
        if (err instanceof NumberTakenError && attempt < 5) continue;
        throw err;
      }
      // Lost a race with the same globalId: the winner committed before our insert returned.
      const stored = await this.deps.repo.find(request.globalId);
      if (!stored) throw new Error(`order ${request.globalId} conflicted but cannot be read`);
      return replay(stored, hash);
    }
  }
}

/** Pricing's refusals that a newer menu could answer differently (a new product, a changed price, back in stock). */
const menuMayBeStale = new Set(['unknown_product', 'unknown_option', 'invalid_options', 'product_unavailable', 'total_mismatch']);

function replay(stored: StoredOrder, hash: string): PlacedOrder {
  if (stored.requestHash !== hash) {
    throw conflict('idempotency_conflict', 'this globalId was already used for a different order', { hint: 'generate a new globalId for a new order' });
  }
  return { created: false, viewJson: stored.viewJson };
}
