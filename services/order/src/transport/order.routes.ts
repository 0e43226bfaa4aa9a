import { Router, type Response } from 'express';
import { z } from 'zod';
import { notFound, parse } from '@kiosk/kit';
import { placeOrderRequest, type OrderView } from '@kiosk/contracts';
import type { OrderService } from '../order.service.js';
import type { CounterService } from '../counter.service.js';
import { renderReceiptHtml, renderReceiptText, type ReceiptContext } from '../domain/receipt.js';

const globalIdParam = z.strictObject({ globalId: z.uuid() });

/**
 * Kiosk API: place an order, read it back (as it stands now: settled, voided or refunded at the counter), print
 * its receipt. Handlers parse, delegate and answer.
 */
export function orderRoutes(orders: OrderService, counter: CounterService, receiptContext: () => ReceiptContext): Router {
  const router = Router();

  router.post('/api/orders', async (req, res) => {
    const request = parse(placeOrderRequest, req.body);
    const placed = await orders.place(request);
    sendJson(res, placed.created ? 201 : 200, placed.viewJson);
  });

  router.get('/api/orders/:globalId', async (req, res) => {
    sendJson(res, 200, await load(counter, req.params));
  });

  router.get('/api/orders/:globalId/receipt.html', async (req, res) => {
    const view = JSON.parse(await load(counter, req.params)) as OrderView;
    res.type('html').send(renderReceiptHtml(view, receiptContext()));
  });

  router.get('/api/orders/:globalId/receipt.txt', async (req, res) => {
    const view = JSON.parse(await load(counter, req.params)) as OrderView;
    res.type('text/plain; charset=utf-8').send(renderReceiptText(view, receiptContext()));
  });

  return router;
}

/** An order the counter never touched answers its creation bytes; otherwise its current state. */
async function load(counter: CounterService, params: unknown): Promise<string> {
  const { globalId } = parse(globalIdParam, params);
  const found = await counter.current(globalId);
  if (!found) throw notFound('order', globalId);
  return found.untouched ? found.viewJson : JSON.stringify(found.view);
}

/** The stored JSON text as is: a repeated order answers byte for byte what the first call answered. */
function sendJson(res: Response, status: number, json: string) {
  res.status(status).type('application/json; charset=utf-8').send(json);
}
