import { Router } from 'express';
import { z } from 'zod';
import { parse } from '@kiosk/kit';
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
export function paymentSimulatorRoutes(simulator: SimulatedTerminal): Router {
  const router = Router();
  router.put('/internal/payment-simulator', (req, res) => {
    const { outcome, terminalId } = parse(steerRequest, req.body);
    simulator.steer(outcome, terminalId);
    res.json({ outcome, terminalId: terminalId ?? null });
  });
  return router;
}
