import { runMain } from '@kiosk/kit';
import { startUplinkService, uplinkConfig } from './index.js';

await runMain(uplinkConfig, startUplinkService);
