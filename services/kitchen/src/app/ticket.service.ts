import { randomUUID } from 'node:crypto';
import type { KitchenStatsView, PickupView, TicketAction, TicketActionRequest, TicketsView, TicketStatus, TicketView, LineDoneRequest } from '@kiosk/contracts';
import { pb } from '@kiosk/contracts';
import { AppError, conflict, enqueueEvents, forOrder, inTransaction, notFound, type Logger, type Pool, type PoolClient } from '@kiosk/kit';
import { kitchenStats } from '../domain/kitchen-stats.js';
import { ticketFromOrder } from '../domain/order-ticket.js';
import type { DayClose, PaidMark } from '../domain/payment-event.js';
import { applyAction, closeOut, markLine, markPaid } from '../domain/ticket.machine.js';
import { onRail, toPickupTicket, toTicketView, type CookOn, type Ticket } from '../domain/ticket.js';
import { appendTicketEvent, ticketRepo } from '../adapters/ticket.repo.js';
import { kitchenOutbox, ticketChangedEvent } from '../adapters/ticket-events.js';

/** Told about every committed ticket change (the socket.io hub); called after commit, never inside it. */
export interface TicketNotifier {
  ticketChanged(ticket: Ticket): void;
}

export interface TicketServiceDeps {
  pool: Pool;
  storeId: string;
  logger: Logger;
  notifier: TicketNotifier;
  lateAfterSeconds: number;
  /** Cook on order (every ticket on the rail) or on payment (an unpaid order's ticket waits). */
  cookOn?: CookOn;
  now?: () => Date;
}

type Change = { next: Ticket; action: string; lineIndex?: number; lineDone?: boolean };

const HOUR_MS = 60 * 60 * 1000;
// Without expectedVersion the caller means "whatever it is now": re-read and retry a lost race a few times.
const RACE_RETRIES = 3;

/** The kitchen's use cases: turn orders into tickets, move tickets through the machine, answer the boards. */
export class TicketService {
  private readonly now: () => Date;

  constructor(private readonly deps: TicketServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Idempotent: a redelivered or duplicated OrderCreated finds the ticket and changes nothing. */
  async createFromOrder(order: pb.OrderCreated): Promise<'created' | 'duplicate' | 'invalid'> {
    const result = ticketFromOrder(order, randomUUID(), this.now().toISOString());
    if (!result.ok) {
      this.deps.logger.error('order event cannot become a ticket', { globalId: order.globalId, problem: result.problem });
      return 'invalid';
    }
    const created = await inTransaction(this.deps.pool, async (client) => {
      await ticketRepo.lockOrder(client, result.ticket.globalId);
      // Its payment may have come first: the insert set `paid` from it.
      const ticket = await ticketRepo.insertIfNew(client, result.ticket);
      if (!ticket) return null;
      await this.record(client, ticket, { action: 'create', previous: null, actor: 'order-service' });
      return ticket;
    });
    if (!created) return 'duplicate';
    forOrder(this.deps.logger, created.globalId).info('ticket created', { ticketId: created.id, orderNumber: created.orderNumber, paid: created.paid });
    this.notify(created);
    return 'created';
  }

  /**
   * The order is paid (a PaymentRecorded with status approved): its ticket gets the paid mark, and with cook on
   * payment it reaches the rail now. Idempotent: a redelivery finds the payment recorded and changes nothing.
   */
  async orderPaid(paid: PaidMark): Promise<'marked' | 'recorded' | 'duplicate'> {
    const { globalId } = paid;
    const outcome = await inTransaction(this.deps.pool, async (client) => {
      await ticketRepo.lockOrder(client, globalId);
      if (!(await ticketRepo.recordPayment(client, paid))) return 'duplicate' as const;
      const ticket = await ticketRepo.findByGlobalId(client, globalId);
      const next = ticket && markPaid(ticket, this.now().toISOString());
      if (!ticket || !next) return 'recorded' as const;
      await ticketRepo.updateIfVersion(client, next, ticket.version);
      await this.record(client, next, { action: 'paid', previous: ticket.status, actor: 'order-service' });
      return next;
    });
    if (typeof outcome === 'string') return outcome;
    forOrder(this.deps.logger, globalId).info('ticket marked paid', { ticketId: outcome.id, orderNumber: outcome.orderNumber });
    this.notify(outcome);
    return 'marked';
  }

  /**
   * The counter closed a business day: its tickets still open leave the rail as served (recallable, counted in
   * the day's stats). Once per day, whatever the redeliveries. Returns how many tickets left the rail.
   */
  async closeDay({ businessDay, closedAt }: DayClose): Promise<number> {
    const closed = await inTransaction(this.deps.pool, async (client) => {
      const open = await ticketRepo.openOfClosingDay(client, businessDay, closedAt);
      const out: Ticket[] = [];
      for (const ticket of open ?? []) {
        const next = closeOut(ticket, this.now().toISOString());
        if (!next || !(await ticketRepo.updateIfVersion(client, next, ticket.version))) continue;
        await this.record(client, next, { action: 'day_close', previous: ticket.status, actor: 'day-close' });
        out.push(next);
      }
      return out;
    });
    if (closed.length > 0) this.deps.logger.info('business day closed: open tickets left the rail', { businessDay, tickets: closed.length });
    for (const t of closed) this.notify(t);
    return closed.length;
  }

  /** Pushes a change to the displays, unless the ticket is waiting for its payment (cook on payment). */
  private notify(ticket: Ticket): void {
    if (onRail(ticket, this.cookOn)) this.deps.notifier.ticketChanged(ticket);
  }

  private get cookOn(): CookOn {
    return this.deps.cookOn ?? 'order';
  }

  /** Moves a ticket; a cancel's manager PIN is checked before this (by the transport, through the PIN guard). */
  act(id: string, action: TicketAction, req: TicketActionRequest, actor: string): Promise<TicketView> {
    return this.change(id, req.expectedVersion, actor, (current) => {
      const r = applyAction(current, action, this.now().toISOString());
      if (!r.ok) throw illegal(current, `cannot ${action} a ${current.status} ticket`);
      return { next: r.ticket, action };
    });
  }

  markLine(id: string, index: number, req: LineDoneRequest, actor: string): Promise<TicketView> {
    return this.change(id, req.expectedVersion, actor, (current) => {
      const r = markLine(current, index, req.done, this.now().toISOString());
      if (r.ok) return { next: r.ticket, action: req.done ? 'line_done' : 'line_undone', lineIndex: index, lineDone: req.done };
      if (r.reason === 'line_not_found') throw new AppError(404, 'not_found', `ticket ${id} has no line ${index}`, { id, index });
      throw illegal(current, `a ${current.status} ticket is closed`);
    });
  }

  async board(): Promise<TicketsView> {
    const since = new Date(this.now().getTime() - HOUR_MS).toISOString();
    const tickets = await ticketRepo.board(this.deps.pool, since);
    return { tickets: tickets.filter((t) => onRail(t, this.cookOn)).map(toTicketView) };
  }

  async pickup(): Promise<PickupView> {
    const tickets = (await ticketRepo.pickup(this.deps.pool)).filter((t) => onRail(t, this.cookOn));
    return { tickets: tickets.map(toPickupTicket).filter((t) => t !== null) };
  }

  /** Figures for the business day the order service is stamping now (the newest ticket's day). */
  async stats(): Promise<KitchenStatsView> {
    const now = this.now();
    const day = (await ticketRepo.latestBusinessDay(this.deps.pool)) ?? now.toISOString().slice(0, 10);
    return kitchenStats(day, await ticketRepo.forStats(this.deps.pool, day), now.getTime(), this.deps.lateAfterSeconds);
  }

  /**
   * Read, decide (pure domain), then write with `WHERE version = <what was read>`. A stale expectedVersion, or a
   * race lost to another display, answers 409 with the ticket as it is now: nothing half-applied, nothing lost.
   */
  private async change(id: string, expectedVersion: number | undefined, actor: string, decide: (t: Ticket) => Change): Promise<TicketView> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.load(id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw versionConflict(current);
      const change = decide(current);
      const written = await inTransaction(this.deps.pool, async (client) => {
        if (!(await ticketRepo.updateIfVersion(client, change.next, current.version))) return false;
        await this.record(client, change.next, { action: change.action, previous: current.status, actor, lineIndex: change.lineIndex, lineDone: change.lineDone });
        return true;
      });
      if (written) {
        forOrder(this.deps.logger, current.globalId).info('ticket changed', { ticketId: id, action: change.action, version: change.next.version });
        this.notify(change.next);
        return toTicketView(change.next);
      }
      if (expectedVersion !== undefined || attempt >= RACE_RETRIES) throw versionConflict(await this.load(id));
    }
  }

  private async load(id: string): Promise<Ticket> {
    const ticket = await ticketRepo.findById(this.deps.pool, id);
    if (!ticket) throw notFound('ticket', id);
    return ticket;
  }

  /** The log row and the outbox event of one committed version, in the caller's transaction. */
  private async record(client: PoolClient, t: Ticket, c: { action: string; previous: TicketStatus | null; actor: string; lineIndex?: number; lineDone?: boolean }) {
    await appendTicketEvent(client, {
      ticketId: t.id, version: t.version, action: c.action, fromStatus: c.previous, toStatus: t.status,
      lineIndex: c.lineIndex, lineDone: c.lineDone, actor: c.actor, at: t.updatedAt,
    });
    await enqueueEvents(client, kitchenOutbox, [ticketChangedEvent(this.deps.storeId, t, c)]);
  }
}

const versionConflict = (t: Ticket) =>
  conflict('version_conflict', `ticket ${t.orderNumber} changed meanwhile (now version ${t.version})`, { ticket: toTicketView(t) });
const illegal = (t: Ticket, message: string) => conflict('illegal_transition', message, { ticket: toTicketView(t) });
