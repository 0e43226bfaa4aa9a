import { conflict, inTransaction, notFound, type Logger, type Pool, type PoolClient } from '@kiosk/kit';
import type { ShiftView, ZReportView } from '@kiosk/contracts';
import { businessDay } from '../domain/numbering.js';
import { expectedCash } from '../domain/counter/drawer.js';
import { zReport } from '../domain/counter/z-report.js';
import { drawerRepo, type ShiftRow } from '../adapters/drawer.repo.js';
import { dayClosedEvent } from '../adapters/counter-events.js';
import type { Actor } from './counter.service.js';

export interface DrawerServiceDeps {
  pool: Pool;
  storeId: string;
  currency: () => string;
  timeZone: string;
  clock: () => Date;
  logger: Logger;
  onCommitted: () => void;
}

/**
 * The store's cash drawer (one shift at a time: float, cash in/out with reasons, close with the counted cash)
 * and the day close, whose Z report is written once with its event (the outbox carries it to central).
 */
export class DrawerService {
  constructor(private readonly deps: DrawerServiceDeps) {}

  private today(): string {
    return businessDay(this.deps.clock(), this.deps.timeZone);
  }

  /** Opens a shift; the same shiftId again answers the shift, another while one is open is refused. */
  async open(shiftId: string, float: number, actor: Actor): Promise<{ created: boolean; shift: ShiftView }> {
    return inTransaction(this.deps.pool, async (client) => {
      const existing = await drawerRepo.shift(client, shiftId);
      if (existing) return { created: false, shift: await this.view(client, existing) };
      const opened = await drawerRepo.open(client, { shiftId, businessDay: this.today(), float, openedBy: actor.id, openedAt: this.deps.clock().toISOString() });
      if (!opened) throw conflict('shift_open', 'a drawer shift is already open: close it first');
      this.deps.logger.info('drawer shift opened', { shiftId, float, by: actor.id });
      return { created: true, shift: await this.view(client, (await drawerRepo.shift(client, shiftId))!) };
    });
  }

  async move(m: { movementId: string; direction: 'in' | 'out'; amount: number; reason: string }, actor: Actor): Promise<ShiftView> {
    return inTransaction(this.deps.pool, async (client) => {
      const shift = await this.requireOpen(client);
      if (await drawerRepo.move(client, { ...m, shiftId: shift.shiftId, by: actor.id, at: this.deps.clock().toISOString() })) {
        this.deps.logger.info('drawer cash movement', { shiftId: shift.shiftId, ...m, by: actor.id });
      }
      return this.view(client, shift);
    });
  }

  async close(counted: number, actor: Actor): Promise<ShiftView> {
    return inTransaction(this.deps.pool, async (client) => {
      const shift = await this.requireOpen(client);
      const expected = expectedCash(await drawerRepo.flows(client, shift));
      await drawerRepo.close(client, { shiftId: shift.shiftId, expected, counted, closedBy: actor.id, closedAt: this.deps.clock().toISOString() });
      this.deps.logger.info('drawer shift closed', { shiftId: shift.shiftId, expected, counted, overShort: counted - expected, by: actor.id });
      return this.view(client, (await drawerRepo.shift(client, shift.shiftId))!);
    });
  }

  /** The open shift, or the last one closed; null before the first shift. */
  async current(): Promise<ShiftView | null> {
    const shift = await drawerRepo.latestShift(this.deps.pool);
    return shift ? this.view(this.deps.pool, shift) : null;
  }

  /**
   * Closes a business day: its Z report from the day's orders, reversals and closed shifts, stored and sent
   * once. Closing a closed day answers its report again (created = false). A drawer still open is refused.
   */
  async closeDay(day: string | undefined, actor: Actor): Promise<{ created: boolean; report: string }> {
    const businessDayToClose = day ?? this.today();
    const answer = await inTransaction(this.deps.pool, async (client) => {
      const done = await drawerRepo.zReport(client, businessDayToClose);
      if (done) return { created: false, report: done };
      if (await drawerRepo.openShift(client)) throw conflict('shift_open', 'close the drawer (count the cash) before closing the day');
      // One client runs one query at a time: read in turn.
      const orders = await drawerRepo.dayOrders(client, businessDayToClose);
      const reversals = await drawerRepo.dayReversals(client, businessDayToClose);
      const drawers = [];
      for (const s of await drawerRepo.closedShifts(client, businessDayToClose)) {
        drawers.push({ ...(await drawerRepo.flows(client, s)), expected: s.expected ?? 0, counted: s.counted ?? 0 });
      }
      const report: ZReportView = zReport({
        storeId: this.deps.storeId, businessDay: businessDayToClose, currency: this.deps.currency(), closedAt: this.deps.clock().toISOString(), closedBy: actor.id,
        orders, reversals, drawers,
      });
      if (!(await drawerRepo.closeDay(client, report, dayClosedEvent(report)))) {
        return { created: false, report: (await drawerRepo.zReport(client, businessDayToClose))! };
      }
      this.deps.logger.info('business day closed', { businessDay: businessDayToClose, orders: report.orders, grossSales: report.grossSales, unpaid: report.unpaidOrders, by: actor.id });
      return { created: true, report: JSON.stringify(report) };
    });
    if (answer.created) this.deps.onCommitted();
    return answer;
  }

  async report(day: string): Promise<string> {
    const report = await drawerRepo.zReport(this.deps.pool, day);
    if (!report) throw notFound('Z report of business day', day);
    return report;
  }

  private async requireOpen(client: PoolClient): Promise<ShiftRow> {
    const shift = await drawerRepo.openShift(client);
    if (!shift) throw conflict('drawer_closed', 'no drawer shift is open: open one with its float first');
    return shift;
  }

  private async view(db: Pool | PoolClient, s: ShiftRow): Promise<ShiftView> {
    const flows = await drawerRepo.flows(db, s);
    const expected = s.status === 'closed' && s.expected !== null ? s.expected : expectedCash(flows);
    return {
      shiftId: s.shiftId, businessDay: s.businessDay, status: s.status, openedAt: new Date(s.openedAt).toISOString(), openedBy: s.openedBy,
      float: s.float, cashSales: flows.cashSales, cashRefunds: flows.cashRefunds, cashIn: flows.cashIn, cashOut: flows.cashOut, expected,
      counted: s.counted, overShort: s.counted === null ? null : s.counted - expected, closedAt: s.closedAt ? new Date(s.closedAt).toISOString() : null,
      movements: await drawerRepo.movements(db, s.shiftId),
    };
  }
}
