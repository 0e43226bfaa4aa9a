/**
 * `make hub-config STORES=s1,s2 OUT=./hub HOST=central.example.com`: what docker-compose.central.yml mounts and
 * each store's compose needs, rendered the way the native stack renders it (central-config.ts): the store
 * accounts and leaf users (HUB_CONF_DIR), the hub's TLS certificate for HOST signed by its own CA (HUB_TLS_DIR),
 * and, per store, the HUB_LEAF_URL and UPLINK_CATALOG_SOURCE to give that store. Running it again with more
 * stores keeps the existing passwords and certificate: adding a store is configuration, not code.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { catalogToStore, ensureHubTls, loadOrCreateCredentials, renderHubStores } from '../index.js';

const stores = (process.env.STORES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const out = resolve(process.env.OUT ?? 'hub-config');
const host = process.env.HOST ?? 'localhost';

if (stores.length === 0) {
  console.error('usage: make hub-config STORES=s1,s2 [OUT=./hub-config] [HOST=<central host name>]');
  process.exit(2);
}
const confDir = join(out, 'conf');
mkdirSync(confDir, { recursive: true, mode: 0o700 });
const creds = loadOrCreateCredentials(confDir, stores);
renderHubStores(confDir, stores, creds);
const tls = ensureHubTls(join(out, 'tls'), [host]);

console.log(`central (docker-compose.central.yml):
  HUB_CONF_DIR=${confDir} HUB_TLS_DIR=${join(out, 'tls')} CENTRAL_STORES=${stores.join(',')}
  keep ${confDir}/credentials.json private, and move ${join(out, 'tls', 'ca.key')} off the server (it signs hub certificates);
  give each store only its own line below and ${tls.caFile}`);
for (const s of stores) {
  const c = creds.stores[s]!;
  console.log(`store ${s} (docker-compose.yml): STORE_ID=${s} HUB_LEAF_URL=tls://${c.user}:${c.password}@${host}:7422 HUB_CA_FILE=<copy of ca.pem> UPLINK_CATALOG_SOURCE=${catalogToStore(s)}`);
}
