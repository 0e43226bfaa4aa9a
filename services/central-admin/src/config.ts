import { baseConfig } from '@kiosk/kit';

/** central-admin's environment: the kit's base variables (STORE_ID is `central`; the hub's NATS_URL). */
export const centralAdminConfig = baseConfig;
export type CentralAdminConfig = typeof centralAdminConfig._output;
