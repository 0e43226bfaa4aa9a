import { runMain } from '@kiosk/kit';
import { centralFleetConfig, startCentralFleetService } from './index.js';

await runMain(centralFleetConfig, startCentralFleetService);
