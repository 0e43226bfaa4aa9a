import type { Request, RequestHandler, Response } from 'express';
import { forbidden, unauthorized } from './errors.js';
import type { DeviceRegistry, StaffDevice, StaffRole } from './staff-devices.js';

/** The bearer token of an `Authorization` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * The real client address: `req.ip`, which reads X-Forwarded-For only when the peer is a trusted proxy (the
 * store gateway; the kit sets express' `trust proxy` from TRUST_PROXY). A client cannot forge it: the gateway
 * overwrites the header with the address it sees.
 */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Routes behind it need a live staff token of one of `roles` (`Authorization: Bearer <token>`): 401 for a
 * missing, unknown, expired or revoked token, 403 for another role. The device is `currentDevice(res)`.
 */
export function requireDevice(registry: DeviceRegistry, roles: readonly StaffRole[]): RequestHandler {
  return (req, res, next) => {
    registry.authenticate(bearerToken(req.headers.authorization))
      .then((device) => {
        if (!device) return next(unauthorized('pair this screen first (POST /api/devices/pair), then send Authorization: Bearer <token>'));
        if (!roles.includes(device.role)) return next(forbidden('wrong_device_role', `this needs a ${roles.join(' or ')} screen`, { role: device.role }));
        res.locals.device = device;
        next();
      })
      .catch(next);
  };
}

/** The device `requireDevice` let through. */
export const currentDevice = (res: Response): StaffDevice => res.locals.device as StaffDevice;
/** How a device is named in append-only logs (ticket events, voids). */
export const actorOf = (d: Pick<StaffDevice, 'role' | 'name' | 'id'>) => `${d.role}:${d.name}:${d.id}`;
