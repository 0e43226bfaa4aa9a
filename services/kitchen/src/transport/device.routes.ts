import type { Router } from 'express';
import { z } from 'zod';
import { pairDeviceRequest, revokeDeviceRequest, type DeviceListView, type PairDeviceView } from '@kiosk/contracts';
import { AppError, clientAddress, currentDevice, forbidden, notFound, pairableRoles, parse, requireDevice, type DeviceRegistry, type Logger, type PinGuard, type RouteTable, type StoreRouteDoc } from '@kiosk/kit';

const deviceParam = z.object({ id: z.uuid() });

export interface DeviceRouteDeps {
  registry: DeviceRegistry;
  guard: PinGuard;
  staffPin: string;
  managerPin: string;
  logger: Logger;
  /** Drops a revoked device's live sockets. */
  onRevoked: (deviceId: string) => void;
}

/**
 * Screens' identity: `POST /api/devices/pair` (staff PIN) turns a browser into a kitchen display or counter with
 * its own token; a paired screen lists the others (`GET /api/devices`) and, with the manager PIN, revokes one.
 * Every PIN goes through the store's one PIN guard.
 */
export function deviceRoutes(deps: DeviceRouteDeps, table: RouteTable<StoreRouteDoc>): Router {
  const { router, route } = table.router();
  route({ method: 'post', path: '/api/devices/pair', access: 'staffPin', tag: 'devices', summary: 'Pair this screen as a kitchen display or counter: its token', body: pairDeviceRequest, status: 201 }, async (req, res) => {
    const client = clientAddress(req);
    const body = parse(pairDeviceRequest, req.body);
    await deps.guard.check({
      surface: 'device_pairing', client, given: body.pin, expected: deps.staffPin,
      wrong: () => new AppError(401, 'invalid_pin', 'wrong staff PIN'),
    });
    const device = await deps.registry.issue({ name: body.name, role: body.role, pairedFrom: client });
    deps.logger.info('device paired', { deviceId: device.id, role: device.role, client });
    const view: PairDeviceView = { token: device.token, deviceId: device.id, name: device.name, role: body.role, expiresAt: device.expiresAt };
    res.status(201).json(view);
  });

  router.use('/api/devices', requireDevice(deps.registry, pairableRoles));

  route({ method: 'get', path: '/api/devices', access: 'pairedScreen', tag: 'devices', summary: 'The paired screens' }, async (_req, res) => {
    const view: DeviceListView = { devices: await deps.registry.list() };
    res.json(view);
  });

  route({ method: 'post', path: '/api/devices/:id/revoke', access: 'pairedScreen', managerPin: true, tag: 'devices', summary: 'Revoke a paired screen', params: deviceParam, body: revokeDeviceRequest }, async (req, res) => {
    const { id } = parse(deviceParam, req.params);
    const body = parse(revokeDeviceRequest, req.body);
    const by = currentDevice(res);
    await deps.guard.check({
      surface: 'device_revoke', client: clientAddress(req), device: by.id, given: body.managerPin, expected: deps.managerPin,
      wrong: () => forbidden('manager_pin_required', 'revoking a device needs the manager PIN'),
    });
    if (!(await deps.registry.revoke(id))) throw notFound('device', id);
    deps.logger.warn('device revoked', { deviceId: id, by: by.id });
    deps.onRevoked(id);
    res.json({ revoked: id });
  });
  return router;
}
