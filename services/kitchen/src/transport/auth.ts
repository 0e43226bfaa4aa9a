import type { RequestHandler } from 'express';
import { requireDevice, type DeviceRegistry } from '@kiosk/kit';

/** Kitchen routes need a paired kitchen display; the device is what the ticket log records as the actor. */
export const requireKitchenDisplay = (registry: DeviceRegistry): RequestHandler => requireDevice(registry, ['kitchen']);
