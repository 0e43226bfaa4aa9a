import type { RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import { unauthorized } from '@kiosk/kit';
import { deviceRepo, type Device } from '../adapters/device.repo.js';

/** The bearer token of an `Authorization` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Looks a token up; null for a missing, malformed or unknown one. */
export async function deviceForToken(pool: Pool, token: unknown): Promise<Device | null> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
  return deviceRepo.byToken(pool, token);
}

/** Kitchen routes need a paired device; the device is what the ticket log records as the actor. */
export function requireDevice(pool: Pool): RequestHandler {
  return (req, res, next) => {
    deviceForToken(pool, bearerToken(req.headers.authorization))
      .then((device) => {
        if (!device) return next(unauthorized('pair this display first (POST /api/devices/pair), then send Authorization: Bearer <token>'));
        res.locals.device = device;
        next();
      })
      .catch(next);
  };
}

export const currentDevice = (res: Response): Device => res.locals.device as Device;
export const actorOf = (d: Device) => `${d.role}:${d.name}:${d.id}`;
