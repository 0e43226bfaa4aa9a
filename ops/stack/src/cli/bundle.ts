/**
 * `node --import tsx ops/stack/src/cli/bundle.ts <service>...`: writes services/<service>/dist/main.mjs, the
 * bundle the native stack runs and the service image ships (ops/docker/service.Dockerfile).
 */
import { bundleService } from '../bundle.js';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: bundle.ts <service>... (e.g. order kitchen)');
  process.exit(2);
}
for (const name of names) console.log(await bundleService(name));
