import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { notFound, parse } from '@kiosk/kit';
import {
  cashMovementRequest, closeShiftRequest, counterOrdersQuery, dayCloseRequest, openShiftRequest, reversalRequest, settleRequest,
  type CounterSettingsView, type ZReportView,
} from '@kiosk/contracts';
import type { Actor, CounterService } from '../counter.service.js';
import type { DrawerService } from '../drawer.service.js';
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
export function counterRoutes(d: {
  counter: CounterService; drawer: DrawerService; auth: CounterAuth; settings: () => CounterSettingsView; receiptContext: () => ReceiptContext;
  offlineCards: OfflineCardRepo;
}): Router {
  const r = Router();
  const { counter, drawer, auth } = d;
  const guarded = ['/api/counter', '/api/orders/:globalId/settle', '/api/orders/:globalId/reversals'];
  r.use(guarded, auth.requireCounter);

  r.get('/api/counter/settings', (_req, res) => {
    res.json(d.settings());
  });
  // Cards approved offline: pending ones, and those the acquirer declined after the fact (or that expired) first,
  // for the manager to chase: the order was handed over, the money not collected.
  r.get('/api/counter/offline-cards', async (_req, res) => {
    const [figures, cards] = await Promise.all([d.offlineCards.figures(), d.offlineCards.recent(200)]);
    res.json({ ...figures, cards });
  });
  r.get('/api/counter/orders', async (req, res) => {
    res.json({ orders: await counter.list(parse(counterOrdersQuery, req.query)) });
  });
  r.post('/api/orders/:globalId/settle', async (req, res) => {
    const { globalId } = parse(globalIdParam, req.params);
    const answer = await counter.settle(globalId, parse(settleRequest, req.body), auth.actor(res));
    sendJson(res, answer.created ? 201 : 200, answer.json);
  });
  r.post('/api/orders/:globalId/reversals', async (req, res) => {
    const { globalId } = parse(globalIdParam, req.params);
    const answer = await counter.reverse(globalId, parse(reversalRequest, req.body), auth.actor(res));
    sendJson(res, answer.created ? 201 : 200, answer.json);
  });

  r.get('/api/counter/shifts/current', async (_req, res) => {
    const shift = await drawer.current();
    if (!shift) throw notFound('drawer shift', 'current');
    res.json(shift);
  });
  r.post('/api/counter/shifts', async (req, res) => {
    const body = parse(openShiftRequest, req.body);
    const opened = await drawer.open(body.shiftId, body.float, auth.actor(res));
    res.status(opened.created ? 201 : 200).json(opened.shift);
  });
  r.post('/api/counter/shifts/current/movements', async (req, res) => {
    res.json(await drawer.move(parse(cashMovementRequest, req.body), auth.actor(res)));
  });
  r.post('/api/counter/shifts/current/close', async (req, res) => {
    res.json(await drawer.close(parse(closeShiftRequest, req.body).counted, auth.actor(res)));
  });

  r.post('/api/counter/day-close', async (req, res) => {
    const closed = await drawer.closeDay(parse(dayCloseRequest, req.body ?? {}).businessDay, auth.actor(res));
    sendJson(res, closed.created ? 201 : 200, closed.report);
  });
  r.get('/api/counter/z-reports/:day', async (req, res) => {
    sendJson(res, 200, await drawer.report(parse(dayParam, req.params).day));
  });
  r.get('/api/counter/z-reports/:day/report.html', async (req, res) => {
    const z = JSON.parse(await drawer.report(parse(dayParam, req.params).day)) as ZReportView;
    res.type('html').send(renderZReportHtml(z, d.receiptContext()));
  });
  r.get('/api/counter/z-reports/:day/report.txt', async (req, res) => {
    const z = JSON.parse(await drawer.report(parse(dayParam, req.params).day)) as ZReportView;
    res.type('text/plain; charset=utf-8').send(renderZReportText(z, d.receiptContext()));
  });
  return r;
}

function sendJson(res: Response, status: number, json: string) {
  res.status(status).type('application/json; charset=utf-8').send(json);
}
