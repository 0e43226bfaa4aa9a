import { ConfigError, loadConfig } from '@kiosk/kit';
import { kitchenConfig, startKitchenService } from './index.js';

try {
  const config = loadConfig(kitchenConfig);
  const running = await startKitchenService(config);
  running.ctx.shutdown.onSignals();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
