import type { Request, Response } from 'express';
import { actorOf, clientAddress, currentDevice, forbidden, requireDevice, type DeviceRegistry, type PinGuard } from '@kiosk/kit';
import type { StaffGate } from '../index.js';

/**
 * The counter's staff gate on the store's one staff identity: a paired screen with the `counter` role, and the
 * manager PIN for voids and refunds checked through the shared PIN throttle (keyed on the client and device).
 */
export function staffGate(deps: { registry: DeviceRegistry; guard: PinGuard; managerPin: string }): StaffGate {
  return {
    auth: {
      requireCounter: requireDevice(deps.registry, ['counter']),
      actor: (res: Response) => {
        const device = currentDevice(res);
        return { id: actorOf(device), deviceId: device.id, client: clientAddress(res.req as Request) };
      },
    },
    approveByManager: async ({ managerPin, actor }) => {
      await deps.guard.check({
        surface: 'counter_reversal', client: actor.client, device: actor.deviceId, given: managerPin, expected: deps.managerPin,
        wrong: () => forbidden('manager_pin_required', 'a void or refund needs the manager PIN'),
      });
      return `manager-pin@${actor.id}`;
    },
  };
}
