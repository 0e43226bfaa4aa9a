import { ConfigError, loadConfig } from '@kiosk/kit';
import { orderConfig, startOrderService } from './index.js';

try {
  const config = loadConfig(orderConfig);
  const running = await startOrderService(config);
  running.ctx.shutdown.onSignals();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
