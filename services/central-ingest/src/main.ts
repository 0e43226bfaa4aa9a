import { runMain } from '@kiosk/kit';
import { startCentralIngestService, centralIngestConfig } from './index.js';

await runMain(centralIngestConfig, startCentralIngestService);
