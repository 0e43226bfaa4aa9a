/**
 * `make hub-config STORES=s1,s2 OUT=./hub-config HOST=central.example.com`: what docker-compose.central.yml mounts and
 * each store's compose needs, rendered the way the native stack renders it (central-config.ts): the store
 * accounts and users with bcrypt hashes only (OUT/conf, HUB_CONF_DIR), the hub's TLS certificate for HOST
 * (OUT/tls, HUB_TLS_DIR), the CA key that signed it (OUT/ca, to keep offline) and the plain passwords
 * (OUT/secrets); per store, the HUB_LEAF_URL and UPLINK_CATALOG_SOURCE to give that store, and for central each
 * service's NATS password. Running it again with more stores keeps the existing passwords and certificate.
 *
 * With DATABASE_URL (central Postgres), the stores of central's stores table are rendered too, as they are
 * there (a store added in the admin app, with the hash of the password the app showed once; a disabled store
 * without its leaf user): the same data the native stack's live watch applies. With HUB_NATS_URL (the hub's
 * client URLs) it also applies the result to the running hub: every node reloads, new stores' streams are
 * declared, disabled stores' links are closed (hub-accounts.ts). OUT is ignored by git and by docker builds.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import {
  applyHubStores, catalogToStore, centralNatsUsers, ensureHubTls, hubStoresFrom, loadOrCreateCredentials, moveLegacyCredentials, readHubStores,
  renderHubStores, type HubStore,
} from '../index.js';

const stores = (process.env.STORES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const out = resolve(process.env.OUT ?? 'hub-config');
const host = process.env.HOST ?? 'localhost';
const databaseUrl = process.env.DATABASE_URL;
const hubNatsUrl = process.env.HUB_NATS_URL;

if (stores.length === 0 && !databaseUrl) {
  console.error('usage: make hub-config STORES=s1,s2 [OUT=./hub-config] [HOST=<central host name>] [DATABASE_URL=<central Postgres>] [HUB_NATS_URL=<hub client URLs>]');
  process.exit(2);
}

async function storesTable(url: string): Promise<HubStore[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await readHubStores(client);
  } finally {
    await client.end();
  }
}

const confDir = join(out, 'conf');
mkdirSync(confDir, { recursive: true, mode: 0o700 });
const secretsDir = join(out, 'secrets');
moveLegacyCredentials(confDir, secretsDir);
const creds = loadOrCreateCredentials(secretsDir, stores);
const fromTable = databaseUrl ? await storesTable(databaseUrl) : [];
// The table decides for the stores it holds (enabled or not, its hash); STORES adds those it does not hold.
const all = [...fromTable, ...hubStoresFrom(stores.filter((s) => !fromTable.some((t) => t.id === s)), creds)].sort((a, b) => a.id.localeCompare(b.id));
renderHubStores(confDir, all, creds);
const tls = ensureHubTls(join(out, 'tls'), [host], join(out, 'ca'));
if (hubNatsUrl) await applyHubStores({ confDir, creds, natsUrl: hubNatsUrl, nodes: hubNatsUrl.split(',').length }, all);
const envName = (service: string) => `${service.replace(/-/g, '_').toUpperCase()}_NATS_PASSWORD`;

console.log(`central (docker-compose.central.yml):
  HUB_CONF_DIR=${confDir} HUB_TLS_DIR=${join(out, 'tls')} CENTRAL_STORES=${stores.join(',')}
  HUB_NATS_PASSWORD=${creds.hub.password} ${centralNatsUsers.map((u) => `${envName(u)}=${creds.services[u].password}`).join(' ')}
  keep ${secretsDir} private, and move ${tls.caKeyFile} off the server (it signs hub certificates);
  give each store only its own line below and ${tls.caFile}`);
for (const s of stores) {
  const c = creds.stores[s]!;
  console.log(`store ${s} (docker-compose.yml): STORE_ID=${s} HUB_LEAF_URL=tls://${c.user}:${c.password}@${host}:7422 HUB_CA_FILE=<copy of ca.pem> UPLINK_CATALOG_SOURCE=${catalogToStore(s)}`);
}
for (const s of fromTable.filter((t) => !stores.includes(t.id))) {
  console.log(`store ${s.id}: from central's stores table${s.leaf ? '' : ' (disabled: its leaf login is refused)'}; its password was shown once when it was added`);
}
