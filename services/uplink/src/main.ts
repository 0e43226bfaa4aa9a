import { ConfigError, loadConfig } from '@kiosk/kit';
import { startUplinkService, uplinkConfig } from './index.js';

try {
  const config = loadConfig(uplinkConfig);
  const running = await startUplinkService(config);
  running.ctx.shutdown.onSignals();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
