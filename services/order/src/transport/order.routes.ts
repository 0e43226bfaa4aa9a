import type { Response, Router } from 'express';
import { z } from 'zod';
import { notFound, parse, type RouteTable, type StoreRouteDoc } from '@kiosk/kit';
import { placeOrderRequest, type OrderView } from '@kiosk/contracts';
import type { OrderService } from '../app/order.service.js';
import type { CounterService } from '../app/counter.service.js';
import { renderReceiptHtml, renderReceiptText, type ReceiptContext } from '../domain/receipt.js';

const globalIdParam = z.strictObject({ globalId: z.uuid() });

/**
 * Kiosk API: place an order, read it back (as it stands now: settled, voided or refunded at the counter), print
 * its receipt. Handlers parse, delegate and answer.
 */
export function orderRoutes(orders: OrderService, counter: CounterService, receiptContext: () => ReceiptContext, table: RouteTable<StoreRouteDoc>): Router {
  const { router, route } = table.router();
  const tag = 'orders';

  route({ method: 'post', path: '/api/orders', access: 'lan', tag, summary: 'Place an order (idempotent on globalId: a repeat answers 200 with the first answer)', body: placeOrderRequest, status: 201 }, async (req, res) => {
    const request = parse(placeOrderRequest, req.body);
    const placed = await orders.place(request);
    sendJson(res, placed.created ? 201 : 200, placed.viewJson);
  });

  route({ method: 'get', path: '/api/orders/:globalId', access: 'lan', tag, summary: 'An order as it stands now', params: globalIdParam }, async (req, res) => {
    sendJson(res, 200, await load(counter, req.params));
  });

  route({ method: 'get', path: '/api/orders/:globalId/receipt.html', access: 'lan', tag, summary: 'Its printable receipt (HTML)', params: globalIdParam, produces: ['text/html'] }, async (req, res) => {
    const view = JSON.parse(await load(counter, req.params)) as OrderView;
    res.type('html').send(renderReceiptHtml(view, receiptContext()));
  });

  route({ method: 'get', path: '/api/orders/:globalId/receipt.txt', access: 'lan', tag, summary: 'Its receipt as plain text', params: globalIdParam, produces: ['text/plain'] }, async (req, res) => {
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
