import type { Router } from 'express';
import { z } from 'zod';
import { lineDoneRequest, ticketActionRequest, ticketActions } from '@kiosk/contracts';
import { actorOf, clientAddress, currentDevice, forbidden, parse, type DeviceRegistry, type PinGuard, type RouteTable, type StoreRouteDoc } from '@kiosk/kit';
import type { TicketService } from '../app/ticket.service.js';
import { needsManagerPin } from '../domain/ticket.machine.js';
import { requireKitchenDisplay } from './auth.js';

const ticketParams = z.object({ id: z.uuid(), action: z.enum(ticketActions) });
const lineParams = z.object({ id: z.uuid(), index: z.coerce.number().int().min(0).max(999) });

/** Kitchen display routes (paired devices only): parse, delegate to the service, answer. */
export function ticketRoutes(deps: { registry: DeviceRegistry; guard: PinGuard; managerPin: string; tickets: TicketService }, table: RouteTable<StoreRouteDoc>): Router {
  const { router, route } = table.router();
  const display = { access: 'kitchen', tag: 'kitchen' } as const;
  const { tickets } = deps;
  router.use('/api/kitchen', requireKitchenDisplay(deps.registry));

  route({ ...display, method: 'get', path: '/api/kitchen/tickets', summary: 'The kitchen board: open tickets' }, async (_req, res) => {
    res.json(await tickets.board());
  });

  route({ ...display, method: 'get', path: '/api/kitchen/stats', summary: 'Today\'s kitchen figures' }, async (_req, res) => {
    res.json(await tickets.stats());
  });

  route({ ...display, method: 'post', path: '/api/kitchen/tickets/:id/lines/:index/done', summary: 'Mark a ticket line done (or not)', params: lineParams, body: lineDoneRequest }, async (req, res) => {
    const { id, index } = parse(lineParams, req.params);
    const body = parse(lineDoneRequest, req.body);
    res.json(await tickets.markLine(id, index, body, actorOf(currentDevice(res))));
  });

  route({ ...display, method: 'post', path: '/api/kitchen/tickets/:id/:action', summary: 'Move a ticket (start, ready, serve, recall, cancel: cancel needs the manager PIN)', params: ticketParams, body: ticketActionRequest, optionalBody: true }, async (req, res) => {
    const { id, action } = parse(ticketParams, req.params);
    // An empty body (no Content-Type) means "no expectations": act on the ticket as it is.
    const body = parse(ticketActionRequest, req.body ?? {});
    const device = currentDevice(res);
    if (needsManagerPin(action)) {
      await deps.guard.check({
        surface: 'ticket_cancel', client: clientAddress(req), device: device.id, given: body.managerPin, expected: deps.managerPin,
        wrong: () => forbidden('manager_pin_required', 'cancelling a ticket needs the manager PIN'),
      });
    }
    res.json(await tickets.act(id, action, body, actorOf(device)));
  });

  return router;
}

/** `GET /api/pickup`: numbers only, open to any screen in the store. */
export function pickupRoutes(deps: { tickets: TicketService }, table: RouteTable<StoreRouteDoc>): Router {
  const { router, route } = table.router();
  route({ method: 'get', path: '/api/pickup', access: 'lan', tag: 'pickup', summary: 'The pickup board: order numbers preparing and ready' }, async (_req, res) => {
    res.json(await deps.tickets.pickup());
  });
  return router;
}
