import type { Router } from 'express';
import { z } from 'zod';
import { parse, type RouteTable, type StoreRouteDoc } from '@kiosk/kit';
import { simulatedOutcomes, type SimulatedTerminal } from '../adapters/simulated-terminal.js';

const steerRequest = z.strictObject({
  outcome: z.enum(simulatedOutcomes),
  terminalId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/).optional(),
});

/**
 * Test-only control of the simulated terminal, mounted only when PAYMENT_SIM_CONTROL=1 and under `/internal/`,
 * which the store gateway does not route: reachable from the box itself (tests, demo scripts), never from a
 * kiosk on the LAN.
 */
export function paymentSimulatorRoutes(simulator: SimulatedTerminal, table: RouteTable<StoreRouteDoc>): Router {
  const { router, route } = table.router();
  route({ method: 'put', path: '/internal/payment-simulator', access: 'internal', tag: 'internal', summary: 'Steer the simulated payment terminal (tests and demos; only with PAYMENT_SIM_CONTROL=1)', body: steerRequest }, (req, res) => {
    const { outcome, terminalId } = parse(steerRequest, req.body);
    simulator.steer(outcome, terminalId);
    res.json({ outcome, terminalId: terminalId ?? null });
  });
  return router;
}
