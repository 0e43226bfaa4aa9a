/**
 * @kiosk/catalog: the store's local menu. Started by `main.ts` in production and in-process by the tests.
 */
export { startCatalogService } from './catalog.service.js';
export { catalogConfig, type CatalogConfig } from './config.js';
