import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { lineDoneRequest, ticketActionRequest, ticketActions } from '@kiosk/contracts';
import { parse } from '@kiosk/kit';
import type { TicketService } from '../app/ticket.service.js';
import { actorOf, currentDevice, requireDevice } from './auth.js';

const ticketParams = z.object({ id: z.uuid(), action: z.enum(ticketActions) });
const lineParams = z.object({ id: z.uuid(), index: z.coerce.number().int().min(0).max(999) });

/** Kitchen display routes (paired devices only): parse, delegate to the service, answer. */
export function ticketRoutes(deps: { pool: Pool; tickets: TicketService }): Router {
  const router = Router();
  const { tickets } = deps;
  router.use('/api/kitchen', requireDevice(deps.pool));

  router.get('/api/kitchen/tickets', async (_req, res) => {
    res.json(await tickets.board());
  });

  router.get('/api/kitchen/stats', async (_req, res) => {
    res.json(await tickets.stats());
  });

  router.post('/api/kitchen/tickets/:id/lines/:index/done', async (req, res) => {
    const { id, index } = parse(lineParams, req.params);
    const body = parse(lineDoneRequest, req.body);
    res.json(await tickets.markLine(id, index, body, actorOf(currentDevice(res))));
  });

  router.post('/api/kitchen/tickets/:id/:action', async (req, res) => {
    const { id, action } = parse(ticketParams, req.params);
    // An empty body (no Content-Type) means "no expectations": act on the ticket as it is.
    const body = parse(ticketActionRequest, req.body ?? {});
    res.json(await tickets.act(id, action, body, actorOf(currentDevice(res))));
  });

  return router;
}

/** `GET /api/pickup`: numbers only, open to any screen in the store. */
export function pickupRoutes(deps: { tickets: TicketService }): Router {
  const router = Router();
  router.get('/api/pickup', async (_req, res) => {
    res.json(await deps.tickets.pickup());
  });
  return router;
}
