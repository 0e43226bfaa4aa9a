import type { RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { notFound, parse, type RouteTable, type StoreRouteDoc } from '@kiosk/kit';
import {
  cashMovementRequest, closeShiftRequest, counterOrdersQuery, dayCloseRequest, openShiftRequest, reversalRequest, settleRequest,
  type CounterSettingsView, type ZReportView,
} from '@kiosk/contracts';
import type { Actor, CounterService } from '../app/counter.service.js';
import type { DrawerService } from '../app/drawer.service.js';
import type { ReceiptContext } from '../domain/receipt.js';
import { renderZReportHtml, renderZReportText } from '../domain/counter/z-report.render.js';
import type { OfflineCardRepo } from '../adapters/offline-card.repo.js';

const globalIdParam = z.strictObject({ globalId: z.uuid() });
const dayParam = z.strictObject({ day: z.iso.date() });

/** How the counter's routes learn who calls: a paired device with the `counter` role (set by `requireCounter`). */
export interface CounterAuth {
  requireCounter: RequestHandler;
  actor(res: Response): Actor;
}

/**
 * The counter screen's API: orders to settle, settle/void/refund, the drawer and the day close. Every route
 * needs a paired counter device. Handlers parse, delegate and answer; 201 for a first write, 200 for a repeat.
 */
export function counterRoutes(deps: {
  counter: CounterService; drawer: DrawerService; auth: CounterAuth; settings: () => CounterSettingsView; receiptContext: () => ReceiptContext;
  offlineCards: OfflineCardRepo;
}, table: RouteTable<StoreRouteDoc>): Router {
  const { router: r, route } = table.router();
  const onCounter = { access: 'counter', tag: 'counter' } as const;
  const { counter, drawer, auth } = deps;
  const guarded = ['/api/counter', '/api/orders/:globalId/settle', '/api/orders/:globalId/reversals'];
  r.use(guarded, auth.requireCounter);

  route({ ...onCounter, method: 'get', path: '/api/counter/settings', summary: 'The store settings the counter screen needs' }, (_req, res) => {
    res.json(deps.settings());
  });
  // Cards approved offline: pending ones, and those the acquirer declined after the fact (or that expired) first,
  // for the manager to chase: the order was handed over, the money not collected.
  route({ ...onCounter, method: 'get', path: '/api/counter/offline-cards', summary: 'Cards approved offline: pending, declined after the fact, expired' }, async (_req, res) => {
    const [figures, cards] = await Promise.all([deps.offlineCards.figures(), deps.offlineCards.recent(200)]);
    res.json({ ...figures, cards });
  });
  route({ ...onCounter, method: 'get', path: '/api/counter/orders', summary: 'Orders to settle or look up', query: counterOrdersQuery }, async (req, res) => {
    res.json({ orders: await counter.list(parse(counterOrdersQuery, req.query)) });
  });
  route({ ...onCounter, method: 'post', path: '/api/orders/:globalId/settle', summary: 'Settle an order at the counter (cash, card, QRIS)', params: globalIdParam, body: settleRequest, status: 201 }, async (req, res) => {
    const { globalId } = parse(globalIdParam, req.params);
    const answer = await counter.settle(globalId, parse(settleRequest, req.body), auth.actor(res));
    sendJson(res, answer.created ? 201 : 200, answer.json);
  });
  route({ ...onCounter, method: 'post', path: '/api/orders/:globalId/reversals', summary: 'Void or refund (lines of) an order', params: globalIdParam, body: reversalRequest, status: 201, managerPin: true }, async (req, res) => {
    const { globalId } = parse(globalIdParam, req.params);
    const answer = await counter.reverse(globalId, parse(reversalRequest, req.body), auth.actor(res));
    sendJson(res, answer.created ? 201 : 200, answer.json);
  });

  route({ ...onCounter, method: 'get', path: '/api/counter/shifts/current', summary: 'The open drawer shift' }, async (_req, res) => {
    const shift = await drawer.current();
    if (!shift) throw notFound('drawer shift', 'current');
    res.json(shift);
  });
  route({ ...onCounter, method: 'post', path: '/api/counter/shifts', summary: 'Open a drawer shift with its float', body: openShiftRequest, status: 201 }, async (req, res) => {
    const body = parse(openShiftRequest, req.body);
    const opened = await drawer.open(body.shiftId, body.float, auth.actor(res));
    res.status(opened.created ? 201 : 200).json(opened.shift);
  });
  route({ ...onCounter, method: 'post', path: '/api/counter/shifts/current/movements', summary: 'Cash in or out of the drawer', body: cashMovementRequest }, async (req, res) => {
    res.json(await drawer.move(parse(cashMovementRequest, req.body), auth.actor(res)));
  });
  route({ ...onCounter, method: 'post', path: '/api/counter/shifts/current/close', summary: 'Close the drawer shift with the counted cash', body: closeShiftRequest }, async (req, res) => {
    res.json(await drawer.close(parse(closeShiftRequest, req.body).counted, auth.actor(res)));
  });

  route({ ...onCounter, method: 'post', path: '/api/counter/day-close', summary: 'Close the business day (its Z report)', body: dayCloseRequest, optionalBody: true, status: 201 }, async (req, res) => {
    const closed = await drawer.closeDay(parse(dayCloseRequest, req.body ?? {}).businessDay, auth.actor(res));
    sendJson(res, closed.created ? 201 : 200, closed.report);
  });
  route({ ...onCounter, method: 'get', path: '/api/counter/z-reports/:day', summary: 'A closed day\'s Z report', params: dayParam }, async (req, res) => {
    sendJson(res, 200, await drawer.report(parse(dayParam, req.params).day));
  });
  route({ ...onCounter, method: 'get', path: '/api/counter/z-reports/:day/report.html', summary: 'The Z report, printable (HTML)', params: dayParam, produces: ['text/html'] }, async (req, res) => {
    const z = JSON.parse(await drawer.report(parse(dayParam, req.params).day)) as ZReportView;
    res.type('html').send(renderZReportHtml(z, deps.receiptContext()));
  });
  route({ ...onCounter, method: 'get', path: '/api/counter/z-reports/:day/report.txt', summary: 'The Z report as plain text', params: dayParam, produces: ['text/plain'] }, async (req, res) => {
    const z = JSON.parse(await drawer.report(parse(dayParam, req.params).day)) as ZReportView;
    res.type('text/plain; charset=utf-8').send(renderZReportText(z, deps.receiptContext()));
  });
  return r;
}

function sendJson(res: Response, status: number, json: string) {
  res.status(status).type('application/json; charset=utf-8').send(json);
}
