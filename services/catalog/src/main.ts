import { ConfigError, loadConfig } from '@kiosk/kit';
import { catalogConfig } from './config.js';
import { startCatalogService } from './catalog.service.js';

try {
  const config = loadConfig(catalogConfig);
  const running = await startCatalogService(config);
  running.ctx.shutdown.onSignals();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
