import { Router } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import { pairDeviceRequest, type PairDeviceView } from '@kiosk/contracts';
import { AppError, parse } from '@kiosk/kit';
import { deviceRepo } from '../adapters/device.repo.js';
import { PinThrottle } from '../domain/pin-throttle.js';

/** `POST /api/devices/pair`: the staff PIN turns a browser into a kitchen display with its own token. */
export function deviceRoutes(deps: { pool: Pool; staffPin: string; throttle?: PinThrottle }): Router {
  const throttle = deps.throttle ?? new PinThrottle();
  const router = Router();
  router.post('/api/devices/pair', async (req, res) => {
    const caller = req.ip ?? 'unknown';
    const wait = throttle.retryAfterMs(caller, Date.now());
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new AppError(429, 'too_many_attempts', 'too many wrong PINs; wait a minute', { retryAfterSeconds: Math.ceil(wait / 1000) });
    }
    const body = parse(pairDeviceRequest, req.body);
    if (!samePin(body.pin, deps.staffPin)) {
      throttle.recordFailure(caller, Date.now());
      throw new AppError(401, 'invalid_pin', 'wrong staff PIN');
    }
    throttle.recordSuccess(caller);
    const device = await deviceRepo.pair(deps.pool, { name: body.name, role: body.role, pairedFrom: caller });
    const view: PairDeviceView = { token: device.token, deviceId: device.id, name: device.name, role: device.role };
    res.status(201).json(view);
  });
  return router;
}

function samePin(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
