import { runMain } from '@kiosk/kit';
import { startSyncService, syncConfig } from './index.js';

await runMain(syncConfig, startSyncService);
