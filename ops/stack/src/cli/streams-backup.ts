/**
 * `make streams-backup` / `make streams-restore` on the demo's hub (.data/central/hub), while the demo runs:
 *   backup [dir]   snapshots of central's streams that a backup keeps (hubStreamsToBackUp), through the
 *                  JetStream API, into dir (default .data/central/stream-backups/<time>)
 *   restore <dir>  each stream of dir that the hub lost back from its snapshot: missing, or empty (a hub that
 *                  started again from nothing declares its streams empty); a stream with messages is left alone
 * Why these streams and not others: docs/central-streams.md. Another hub (Compose): NATS_URL, NATS_USER and
 * NATS_PASSWORD (the HUB account's user of hub-config's credentials.json) and CENTRAL_STORES.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { demoHubPorts, ensureHubStreams, hubStreamsToBackUp, repoRoot, restoreStream, snapshotStream } from '../index.js';

const baseDir = join(repoRoot, '.data', 'central');
const stores = (process.env.CENTRAL_STORES ?? process.env.DEMO_STORES ?? 's1,s2').split(',').map((s) => s.trim()).filter(Boolean);

/** The demo's hub (its ports and the HUB user it generated), or the one NATS_URL names. */
function hubConnection(): { servers: string[]; user: string; pass: string } {
  if (process.env.NATS_URL) return { servers: process.env.NATS_URL.split(','), user: process.env.NATS_USER ?? '', pass: process.env.NATS_PASSWORD ?? '' };
  const creds = JSON.parse(readFileSync(join(baseDir, 'hub', 'conf', 'credentials.json'), 'utf8')) as { hub: { user: string; password: string } };
  return { servers: demoHubPorts().client.map((p) => `nats://127.0.0.1:${p}`), user: creds.hub.user, pass: creds.hub.password };
}

async function main(command: string | undefined, arg: string | undefined) {
  const nc = await connect(hubConnection());
  try {
    const jsm = await jetstreamManager(nc);
    if (command === 'backup') {
      const dir = arg || join(baseDir, 'stream-backups', new Date().toISOString().replace(/[:.]/g, '-'));
      for (const stream of hubStreamsToBackUp(stores)) {
        const s = await snapshotStream(nc, stream, dir);
        console.log(`${stream}: ${s.messages} messages, ${s.bytes} bytes`);
      }
      console.log(`snapshots in ${dir}`);
    } else if (command === 'restore' && arg) {
      for (const stream of hubStreamsToBackUp(stores)) {
        const held = await jsm.streams.info(stream).then((i) => i.state.messages, () => null);
        if (held !== null && held > 0) {
          console.log(`${stream}: still holds ${held} messages, left alone`);
          continue;
        }
        if (held === 0) await jsm.streams.delete(stream);
        console.log(`${stream}: ${(await restoreStream(nc, stream, arg)).messages} messages restored`);
      }
      // The streams that are rebuilt rather than restored (the stores' catalog feeds) are declared again.
      await ensureHubStreams(nc, stores);
    } else {
      throw new Error('usage: streams-backup.ts backup [dir] | restore <dir>');
    }
  } finally {
    await nc.close();
  }
}

main(process.argv[2], process.argv[3]).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
