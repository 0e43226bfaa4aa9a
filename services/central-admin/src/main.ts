import { ConfigError, runMain } from '@kiosk/kit';
import { startCentralAdminService, centralAdminConfig } from './index.js';

try {
  await runMain(centralAdminConfig, startCentralAdminService);
} catch (err) {
  // A refusal to start (no user in production): one clear line and a non-zero exit, not a stack trace.
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
