import { ConfigError } from '@kiosk/kit';
import { startBox } from './index.js';

let box: Awaited<ReturnType<typeof startBox>>;
try {
  box = await startBox();
} catch (err) {
  if (!(err instanceof ConfigError) && !(err instanceof Error && err.message.startsWith('BOX_SERVICES'))) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
/** The services stop one after the other, each within its own grace period; the process gives them this much in all. */
const graceMs = 30_000;
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.once(sig, () => {
    setTimeout(() => {
      process.stderr.write('box: shutdown grace period over, exiting\n');
      process.exit(1);
    }, graceMs).unref();
    box.stop().then(() => process.exit(0), () => process.exit(1));
  });
}
