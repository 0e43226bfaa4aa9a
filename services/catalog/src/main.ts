import { runMain } from '@kiosk/kit';
import { catalogConfig } from './config.js';
import { startCatalogService } from './catalog.service.js';

await runMain(catalogConfig, startCatalogService);
