/**
 * `node --import tsx ops/stack/src/cli/bundle.ts <service>...`: writes services/<service>/dist/main.mjs, the
 * bundle the native stack runs.
 * `... bundle.ts --image <out>`: every service as the images ship it, packages included (bundleForImage).
 */
import { bundleForImage, bundleService } from '../bundle.js';
import { centralServices, storeServices } from '../index.js';

const args = process.argv.slice(2);
if (args[0] === '--image' && args[1]) {
  await bundleForImage([...storeServices, 'uplink', 'box', ...centralServices], args[1]);
  console.log(args[1]);
} else if (args.length > 0 && !args[0]!.startsWith('-')) {
  for (const name of args) console.log(await bundleService(name));
} else {
  console.error('usage: bundle.ts <service>... (e.g. order kitchen) | bundle.ts --image <out dir>');
  process.exit(2);
}
