import type { Router } from 'express';
import { AppError, clientAddress, parse, type DeviceRegistry, type Logger, type PinGuard, type RouteTable, type StoreRouteDoc } from '@kiosk/kit';
import { kioskStaffSessionRequest, type KioskStaffSessionView } from '@kiosk/contracts';

/**
 * `POST /api/kiosk/staff-session`: a kiosk's staff settings open once the box has checked the staff PIN,
 * through the store's one PIN guard (keyed on the client address and the kiosk id). The answer is a short
 * staff session token.
 */
export function kioskStaffRoutes(deps: { registry: DeviceRegistry; guard: PinGuard; staffPin: string; logger: Logger }, table: RouteTable<StoreRouteDoc>): Router {
  const { router, route } = table.router();
  route({ method: 'post', path: '/api/kiosk/staff-session', access: 'staffPin', tag: 'kiosk', summary: 'Open a kiosk\'s staff settings: a short staff session token', body: kioskStaffSessionRequest, status: 201 }, async (req, res) => {
    const body = parse(kioskStaffSessionRequest, req.body);
    const client = clientAddress(req);
    await deps.guard.check({
      surface: 'kiosk_staff_session', client, device: `kiosk:${body.kioskId}`, given: body.pin, expected: deps.staffPin,
      wrong: () => new AppError(401, 'invalid_pin', 'wrong staff PIN'),
    });
    const session = await deps.registry.issue({ name: body.kioskId, role: 'kiosk-staff', pairedFrom: client });
    deps.logger.info('kiosk staff session opened', { kioskId: body.kioskId, client });
    const view: KioskStaffSessionView = { token: session.token, expiresAt: session.expiresAt };
    res.status(201).json(view);
  });
  return router;
}
