import { ConfigError, loadConfig } from '@kiosk/kit';
import { startCentralIngestService, centralIngestConfig } from './index.js';

try {
  const config = loadConfig(centralIngestConfig);
  const running = await startCentralIngestService(config);
  running.ctx.shutdown.onSignals();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
