/**
 * The `hub-streams` job of docker-compose.central.yml (bundled into kiosk/services as
 * services/central-ingest/dist/hub-streams.mjs): declares central's streams for every store of CENTRAL_STORES
 * on the hub (ensureHubStreams: each store's SALES, KITCHEN and TELEMETRY streams, the catalog, and the
 * store's down streams), as the native stack does when it starts central. Idempotent (creates, or updates to
 * this config), so it runs at every `up`; central-ingest starts after it. Signs in as the hub's operator user
 * (`hub`, its password in `make hub-config`'s secrets). The JetStream meta group needs a quorum first: it
 * retries until the hub has one, or gives up after HUB_STREAMS_TIMEOUT_MS.
 */
import { connect } from '@nats-io/transport-node';
import { ensureHubStreams } from '../hub-streams.js';

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) {
    console.error(`hub-streams: set ${name}`);
    process.exit(2);
  }
  return value;
};
const servers = need('HUB_NATS_URL').split(',').map((s) => s.trim()).filter(Boolean);
const stores = need('CENTRAL_STORES').split(',').map((s) => s.trim()).filter(Boolean);
const pass = need('HUB_NATS_PASSWORD');
const user = process.env.HUB_NATS_USER ?? 'hub';
const deadline = Date.now() + Number(process.env.HUB_STREAMS_TIMEOUT_MS ?? 120_000);

for (let attempt = 1; ; attempt++) {
  try {
    const nc = await connect({ servers, user, pass, timeout: 5_000 });
    try {
      await ensureHubStreams(nc, stores, 5_000);
    } finally {
      await nc.close();
    }
    console.log(`hub-streams: central's streams declared for ${stores.join(', ')}`);
    break;
  } catch (err) {
    if (Date.now() > deadline) {
      console.error(`hub-streams: gave up after ${attempt} attempts: ${String(err)}`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
}
