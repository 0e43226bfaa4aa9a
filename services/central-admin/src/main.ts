import { runMain } from '@kiosk/kit';
import { startCentralAdminService, centralAdminConfig } from './index.js';

await runMain(centralAdminConfig, startCentralAdminService);
