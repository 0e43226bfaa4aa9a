import { ConfigError, loadConfig } from '@kiosk/kit';
import { startCentralAdminService, centralAdminConfig } from './index.js';

try {
  const config = loadConfig(centralAdminConfig);
  const running = await startCentralAdminService(config);
  running.ctx.shutdown.onSignals();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
