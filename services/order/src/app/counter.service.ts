import { AppError, conflict, forOrder, inTransaction, notFound, type Logger, type Pool, type PoolClient } from '@kiosk/kit';
import type { CounterOrderView, CounterOrdersQuery, OrderView, ReversalRequest, ReversalView, SettleRequest, SettlementView } from '@kiosk/contracts';
import { businessDay } from '../domain/numbering.js';
import { requestHash } from '../domain/request-hash.js';
import type { CashRoundingMode } from '@kiosk/contracts/cash';
import { settlementFigures } from '../domain/counter/cash.js';
import { amountDue, planReversal } from '../domain/counter/reversal.js';
import { counterView, currentView, reversible } from '../domain/counter/order-state.js';
import { counterRepo, type CounterOrder, type StoredAnswer } from '../adapters/counter.repo.js';
import { reversedEvent, settledEvent } from '../adapters/counter-events.js';
import { drawerRepo } from '../adapters/drawer.repo.js';

/** Who is acting: the paired counter device (its actor string goes into the audit trail and the events). */
export interface Actor {
  /** `counter:<name>:<deviceId>` */
  id: string;
  deviceId: string;
  /** The real client address (the PIN throttle's key). */
  client: string;
}

/** A manager's approval for a void or refund: the returned string names who approved, for the audit trail. */
export type ManagerApproval = (input: { managerPin?: string; actor: Actor }) => Promise<string>;

export interface CounterServiceDeps {
  pool: Pool;
  storeId: string;
  timeZone: string;
  clock: () => Date;
  cashRounding: { unit: number; mode: CashRoundingMode };
  approveByManager: ManagerApproval;
  logger: Logger;
  onCommitted: () => void;
}

/** A write's answer: the exact JSON body, and whether this call made it (201) or repeated it (200). */
export interface CounterAnswer { created: boolean; json: string }

/**
 * The counter's money operations on orders: settle a "pay at the counter" order, void or refund. Each write
 * is keyed by the client's id and runs in one transaction with its outbox event, under a lock on the order;
 * the same id again answers the first answer, the same id with another body is refused.
 */
export class CounterService {
  constructor(private readonly deps: CounterServiceDeps) {}

  async list(q: CounterOrdersQuery): Promise<CounterOrderView[]> {
    const day = q.day ?? businessDay(this.deps.clock(), this.deps.timeZone);
    const found = await counterRepo.search(this.deps.pool, { day, status: q.status, q: q.q, limit: q.limit });
    return found.map(counterView);
  }

  /** The order as it stands now (status, settlement, reversals), or null. */
  async current(globalId: string): Promise<{ view: OrderView; untouched: boolean; viewJson: string } | null> {
    const o = await counterRepo.find(this.deps.pool, globalId);
    if (!o) return null;
    return { view: currentView(o), untouched: !o.settlement && o.reversals.length === 0, viewJson: o.viewJson };
  }

  async settle(globalId: string, request: SettleRequest, actor: Actor): Promise<CounterAnswer> {
    const hash = requestHash({ globalId, ...request });
    const answer = await inTransaction(this.deps.pool, async (client) => {
      const order = await this.lockOrder(client, globalId);
      const repeat = await counterRepo.settlementAnswer(client, request.settlementId);
      if (repeat) return replay(repeat, hash, globalId);
      if (order.settlement || order.status === 'paid') {
        throw conflict('already_settled', `order ${order.view.orderNumber} is already paid`, { order: currentView(order) });
      }
      if (order.status !== 'awaiting_payment') throw conflict('order_closed', `order ${order.view.orderNumber} is ${order.status}`);
      const now = this.deps.clock();
      const figures = settlementFigures({ amountDue: amountDue(reversible(order)), method: request.method, tendered: request.tendered, rounding: this.deps.cashRounding });
      const shiftId = request.method === 'cash' ? await this.openShift(client) : null;
      const settledAt = now.toISOString();
      const orderAfter = currentView({
        ...order, status: 'paid',
        settlement: { method: request.method, amount: figures.amount, rounding: figures.rounding, tendered: figures.tendered, changeDue: figures.changeDue, reference: request.reference ?? null, settledAt: now },
      });
      const view: SettlementView = { settlementId: request.settlementId, globalId, orderNumber: order.view.orderNumber, method: request.method, ...figures, settledAt, order: orderAfter };
      const json = await counterRepo.settle(client, {
        settlementId: request.settlementId, globalId, method: request.method, ...figures, reference: request.reference ?? null, shiftId,
        businessDay: businessDay(now, this.deps.timeZone), settledBy: actor.id, requestHash: hash, answer: view, settledAt: now,
      }, settledEvent(this.deps.storeId, order.paymentId, view, actor.id));
      forOrder(this.deps.logger, globalId).info('order settled at the counter', { method: request.method, amount: figures.amount, changeDue: figures.changeDue, by: actor.id });
      return { created: true, json };
    });
    if (answer.created) this.deps.onCommitted();
    return answer;
  }

  async reverse(globalId: string, request: ReversalRequest, actor: Actor): Promise<CounterAnswer> {
    const { managerPin: _pin, ...auditable } = request;
    const hash = requestHash({ globalId, ...auditable });
    const early = await inTransaction(this.deps.pool, async (client) => counterRepo.reversalAnswer(client, request.reversalId));
    if (early) return replay(early, hash, globalId);
    // The approval is asked before the transaction: a PIN check may wait on its throttle, never while holding the order's lock.
    const approvedBy = await this.deps.approveByManager({ managerPin: request.managerPin, actor });
    const answer = await inTransaction(this.deps.pool, async (client) => {
      const order = await this.lockOrder(client, globalId);
      const repeat = await counterRepo.reversalAnswer(client, request.reversalId);
      if (repeat) return replay(repeat, hash, globalId);
      const plan = planReversal(reversible(order), request.kind, request.lines);
      const now = this.deps.clock();
      const method = order.settlement?.method ?? order.view.payment.method;
      const reversal: ReversalView = {
        reversalId: request.reversalId, kind: request.kind, amount: plan.amount, lines: plan.lines, reason: request.reason,
        approvedBy, requestedBy: actor.id, reversedAt: now.toISOString(),
      };
      const day = businessDay(now, this.deps.timeZone);
      // Cash given back leaves the drawer: a cash refund needs an open shift, like cash taken.
      const shiftId = request.kind === 'refund' && method === 'cash' ? await this.openShift(client) : null;
      const json = await counterRepo.reverse(client, { globalId, kind: request.kind, method, shiftId, businessDay: day, requestHash: hash, status: plan.statusAfter, answer: reversal },
        reversedEvent({ storeId: this.deps.storeId, globalId, currency: order.view.currency, businessDay: day, method: method as 'cash', reversal }));
      forOrder(this.deps.logger, globalId).info(`order ${request.kind} recorded`, { amount: plan.amount, reason: request.reason, approvedBy, by: actor.id });
      return { created: true, json };
    });
    if (answer.created) this.deps.onCommitted();
    return answer;
  }

  private async lockOrder(client: PoolClient, globalId: string): Promise<CounterOrder> {
    const order = await counterRepo.lock(client, globalId);
    if (!order) throw notFound('order', globalId);
    return order;
  }

  private async openShift(client: PoolClient): Promise<string> {
    const shift = await drawerRepo.openShift(client);
    if (!shift) throw conflict('drawer_closed', 'open the cash drawer (a shift with its float) before taking or giving back cash');
    return shift.shiftId;
  }
}

function replay(stored: StoredAnswer, hash: string, globalId: string): CounterAnswer {
  if (stored.requestHash !== hash || stored.globalId !== globalId) {
    throw new AppError(409, 'idempotency_conflict', 'this id was already used for a different request', { hint: 'generate a new id for a new request' });
  }
  return { created: false, json: stored.answerJson };
}
