import { ConfigError, loadConfig } from '@kiosk/kit';
import { startSyncService, syncConfig } from './index.js';

try {
  const config = loadConfig(syncConfig);
  const running = await startSyncService(config);
  running.ctx.shutdown.onSignals();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
