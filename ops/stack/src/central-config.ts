import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downAccount, hubPrefixes, hubStreams, storeAccount, streams, subjects, uplinkStoreAll } from '@kiosk/contracts';
import { bcryptOf, hubUserEntries, type HubCredentials } from './hub-credentials.js';

export * from './hub-credentials.js';

/**
 * What the central hub's config is rendered from: the list of stores. Each store gets a NATS account of its
 * own (S1, S2, ...) with one leaf user bound to it, and a down account (DOWN-S1, ...) holding what central sends
 * it; HUB is central's account, where the fleet's streams live and central's services sign in, each as its own
 * user (hub-credentials.ts).
 * Nothing here is per-store code: adding a store is adding its id to the list and reloading the hub.
 */

// The hub's names live in @kiosk/contracts (a store's uplink spells them too); these are the names this
// file and its callers have always used for them.
export { storeAccount, downAccount };
export const uplinkPrefix = hubPrefixes.uplinkSubject;
export const hubCatalogStream = hubStreams.catalog;
export const catalogToStore = hubStreams.catalogToStore;
export const centralToStore = hubStreams.centralToStore;
export const hubApiPrefix = hubPrefixes.hubApi;
export const catalogDeliverPrefix = hubPrefixes.catalogDeliver;
export const centralDeliverPrefix = hubPrefixes.centralDeliver;
export const salesDeliverPrefix = hubPrefixes.salesDeliver;
export const downApiPrefix = hubPrefixes.downApi;
export const hubCatalogApiPrefix = hubPrefixes.hubCatalogApi;
export const catalogSourceDeliverPrefix = hubPrefixes.catalogSourceDeliver;

/**
 * Consumers a store may hold on each of its down streams: its sourcing consumer plus room for the ones a
 * flapping link leaves behind until the server reaps them. Anything beyond is refused by JetStream.
 */
export const maxStoreConsumers = 16;

const q = (s: string) => JSON.stringify(s);

/**
 * What one store account gives central (its JetStream API and sourcing traffic, for hub-side sourcing) and
 * takes from it: the uplink import, which maps `uplink.store.<id>.>` published by that store's forwarder onto
 * `store.<id>.>` in HUB, where central's per-store streams capture it and JetStream answers the PubAck; and
 * the consumer API of its own catalog and receipts/decisions streams, in its down account only.
 */
function storeAccountBlock(storeId: string, leaf: HubStore['leaf']): string {
  const sales = streams.sales(storeId);
  const kitchen = streams.kitchen(storeId);
  const catalog = catalogToStore(storeId);
  const down = centralToStore(storeId);
  const from = q(downAccount(storeId));
  const users = leaf ? `{user: ${q(leaf.user)}, password: ${q(leaf.passwordHash)}, allowed_connection_types: ["LEAFNODE"]}` : '';
  return `${storeAccount(storeId)}: {
  users: [${users}]
  exports: [
    {service: ${q(`${hubPrefixes.storeApi(storeId)}.>`)}, accounts: [HUB]}
    {service: ${q(`$JS.FC.${sales}.>`)}, accounts: [HUB]}
    {service: ${q(`$JS.FC.${kitchen}.>`)}, accounts: [HUB]}
    {stream: ${q(`${salesDeliverPrefix(storeId)}.>`)}, accounts: [HUB]}
  ]
  imports: [
    {service: {account: HUB, subject: ${q(subjects.storeAll(storeId))}}, to: ${q(uplinkStoreAll(storeId))}}
    {service: {account: ${from}, subject: ${q(`$JS.API.CONSUMER.CREATE.${catalog}`)}}, to: ${q(`${hubApiPrefix}.CONSUMER.CREATE.${catalog}`)}}
    {service: {account: ${from}, subject: ${q(`$JS.API.CONSUMER.CREATE.${catalog}.>`)}}, to: ${q(`${hubApiPrefix}.CONSUMER.CREATE.${catalog}.>`)}}
    {service: {account: ${from}, subject: ${q(`$JS.FC.${catalog}.>`)}}}
    {stream: {account: ${from}, subject: ${q(`${catalogDeliverPrefix(storeId)}.>`)}}}
    {service: {account: ${from}, subject: ${q(`$JS.API.CONSUMER.CREATE.${down}`)}}, to: ${q(`${hubApiPrefix}.CONSUMER.CREATE.${down}`)}}
    {service: {account: ${from}, subject: ${q(`$JS.API.CONSUMER.CREATE.${down}.>`)}}, to: ${q(`${hubApiPrefix}.CONSUMER.CREATE.${down}.>`)}}
    {service: {account: ${from}, subject: ${q(`$JS.FC.${down}.>`)}}}
    {stream: {account: ${from}, subject: ${q(`${centralDeliverPrefix(storeId)}.>`)}}}
  ]
}`;
}

/**
 * A store's down account: no users, JetStream for its two streams. It gives the store the consumer API of those
 * two streams and their deliveries; it gives HUB the receipts/decisions subjects (central-ingest publishes into
 * CENTRAL_TO_<ID> through them) and its JetStream API under downjs.<id>.API (central's operator declares the
 * streams); it takes HUB's CATALOG as a source of CATALOG_TO_<ID>.
 */
function downAccountBlock(storeId: string): string {
  const acc = storeAccount(storeId);
  const catalog = catalogToStore(storeId);
  const down = centralToStore(storeId);
  return `${q(downAccount(storeId))}: {
  jetstream: enabled
  exports: [
    {service: ${q(`$JS.API.CONSUMER.CREATE.${catalog}`)}, accounts: [${acc}]}
    {service: ${q(`$JS.API.CONSUMER.CREATE.${catalog}.>`)}, accounts: [${acc}]}
    {service: ${q(`$JS.FC.${catalog}.>`)}, accounts: [${acc}]}
    {stream: ${q(`${catalogDeliverPrefix(storeId)}.>`)}, accounts: [${acc}]}
    {service: ${q(`$JS.API.CONSUMER.CREATE.${down}`)}, accounts: [${acc}]}
    {service: ${q(`$JS.API.CONSUMER.CREATE.${down}.>`)}, accounts: [${acc}]}
    {service: ${q(`$JS.FC.${down}.>`)}, accounts: [${acc}]}
    {stream: ${q(`${centralDeliverPrefix(storeId)}.>`)}, accounts: [${acc}]}
    {service: ${q(subjects.centralForStore(storeId))}, accounts: [HUB]}
    {service: "$JS.API.>", accounts: [HUB]}
  ]
  imports: [
    {service: {account: HUB, subject: ${q(`$JS.API.CONSUMER.CREATE.${hubCatalogStream}`)}}, to: ${q(`${hubCatalogApiPrefix}.CONSUMER.CREATE.${hubCatalogStream}`)}}
    {service: {account: HUB, subject: ${q(`$JS.API.CONSUMER.CREATE.${hubCatalogStream}.>`)}}, to: ${q(`${hubCatalogApiPrefix}.CONSUMER.CREATE.${hubCatalogStream}.>`)}}
    {service: {account: HUB, subject: ${q(`$JS.FC.${hubCatalogStream}.>`)}}}
    {stream: {account: HUB, subject: ${q(`${catalogSourceDeliverPrefix(storeId)}.>`)}}}
  ]
}`;
}

/** HUB's side of every store: each export names the one account allowed to use it. */
function hubAccountBlock(stores: string[], users: string[]): string {
  const downs = stores.map((s) => q(downAccount(s))).join(', ');
  const exports = [
    // CATALOG_TO_<ID> in each down account sources the fleet's catalog; the down accounts have no users.
    `{service: ${q(`$JS.API.CONSUMER.CREATE.${hubCatalogStream}`)}, accounts: [${downs}]}`,
    `{service: ${q(`$JS.API.CONSUMER.CREATE.${hubCatalogStream}.>`)}, accounts: [${downs}]}`,
    `{service: ${q(`$JS.FC.${hubCatalogStream}.>`)}, accounts: [${downs}]}`,
    ...stores.flatMap((s) => [
      `{service: ${q(subjects.storeAll(s))}, accounts: [${storeAccount(s)}]}`,
      `{stream: ${q(`${catalogSourceDeliverPrefix(s)}.>`)}, accounts: [${q(downAccount(s))}]}`,
    ]),
  ];
  const imports = stores.flatMap((s) => {
    const acc = storeAccount(s);
    const down = q(downAccount(s));
    return [
      `{service: {account: ${acc}, subject: ${q(`${hubPrefixes.storeApi(s)}.>`)}}}`,
      `{service: {account: ${acc}, subject: ${q(`$JS.FC.${streams.sales(s)}.>`)}}}`,
      `{service: {account: ${acc}, subject: ${q(`$JS.FC.${streams.kitchen(s)}.>`)}}}`,
      `{stream: {account: ${acc}, subject: ${q(`${salesDeliverPrefix(s)}.>`)}}}`,
      `{service: {account: ${down}, subject: ${q(subjects.centralForStore(s))}}}`,
      `{service: {account: ${down}, subject: "$JS.API.>"}, to: ${q(`${downApiPrefix(s)}.>`)}}`,
    ];
  });
  return `HUB: {
  jetstream: enabled
  users: [
    ${users.join('\n    ')}
  ]
  exports: [
    ${exports.join('\n    ')}
  ]
  imports: [
    ${imports.join('\n    ')}
  ]
}`;
}

/**
 * One store as the hub knows it: its id and, while it is enabled, its leaf user (a bcrypt hash only). A
 * disabled store keeps its accounts (its streams at central stay readable and ingest drains them) but no one
 * may sign in to them: its leaf login is refused.
 */
export interface HubStore { id: string; leaf: { user: string; passwordHash: string } | null }

/** The stores of a credentials file, all enabled (the native stack's and `make hub-config STORES=`'s list). */
export function hubStoresFrom(stores: string[], creds: HubCredentials): HubStore[] {
  return stores.map((id) => {
    const c = creds.stores[id];
    if (!c) throw new Error(`no leaf credentials for store ${id}`);
    return { id, leaf: { user: c.user, passwordHash: bcryptOf(c.password) } };
  });
}

/**
 * Writes hub-accounts.conf beside the hub.conf it is included from. It holds only bcrypt hashes of the
 * passwords (nats-server checks a bcrypt hash as it does a password): the plain passwords stay in the
 * credentials file or were shown once to whoever added the store. Leaf users sit in their store's account
 * (allowed to connect as a leaf node only), not in `leafnodes.authorization`: nats-server reloads account
 * users but refuses to reload leafnode users, and a store is added or disabled by a reload
 * (docs/decisions/0010-stores-added-by-config-reload.md).
 */
export function renderHubStores(confDir: string, stores: HubStore[], creds: HubCredentials): void {
  const ids = stores.map((s) => s.id);
  const accounts = [
    '# Rendered by ops/stack/src/central-config.ts from the list of stores: do not edit by hand.',
    systemAccountBlock(creds),
    hubAccountBlock(ids, hubUserEntries(ids, creds)),
    ...stores.map((s) => storeAccountBlock(s.id, s.leaf)),
    ...ids.map(downAccountBlock),
  ].join('\n');
  writeFileSync(join(confDir, 'hub-accounts.conf'), `${accounts}\n`, { mode: 0o600 });
}

/** The system account, with one user that asks the hub's nodes to reload their config ($SYS.REQ.SERVER.<id>.RELOAD). */
function systemAccountBlock(creds: HubCredentials): string {
  return `SYS: {
  users: [{user: ${q(creds.system.user)}, password: ${q(bcryptOf(creds.system.password))}}]
}`;
}

export interface HubTls { caFile: string; certFile: string; keyFile: string; caKeyFile: string }

/**
 * A private CA and the hub's server certificate (for `hostnames` and 127.0.0.1), made with openssl on first
 * start and reused after. `dir` is what the hub's nodes mount (CA certificate, hub certificate and key);
 * the CA's key goes to `caDir`, beside it, never into `dir`: a hub node, its image or a copy of its config
 * folder never holds what signs hub certificates (an operator moves `caDir` offline after the first run).
 * Private keys are never committed: they exist only under the data dir or the rendered output folder.
 */
export function ensureHubTls(dir: string, hostnames: string[] = ['localhost'], caDir = join(dir, '..', 'ca')): HubTls {
  for (const d of [dir, caDir]) mkdirSync(d, { recursive: true, mode: 0o700 });
  const tls = { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'hub.pem'), keyFile: join(dir, 'hub.key'), caKeyFile: join(caDir, 'ca.key') };
  // A folder rendered before the CA key moved out: move it now.
  const oldCaKey = join(dir, 'ca.key');
  if (existsSync(oldCaKey) && !existsSync(tls.caKeyFile)) renameSync(oldCaKey, tls.caKeyFile);
  if (existsSync(tls.caFile) && existsSync(tls.certFile) && existsSync(tls.keyFile)) return tls;
  const csr = join(caDir, 'hub.csr');
  const ext = join(caDir, 'hub.ext');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  run(['req', '-x509', ...ec, '-keyout', tls.caKeyFile, '-out', tls.caFile, '-days', '825', '-subj', '/CN=kiosk hub CA']);
  run(['req', ...ec, '-keyout', tls.keyFile, '-out', csr, '-subj', '/CN=kiosk hub']);
  const san = [...hostnames.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',');
  writeFileSync(ext, `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  run(['x509', '-req', '-in', csr, '-CA', tls.caFile, '-CAkey', tls.caKeyFile, '-CAserial', join(caDir, 'ca.srl'), '-CAcreateserial',
    '-out', tls.certFile, '-days', '825', '-extfile', ext]);
  chmodSync(tls.caKeyFile, 0o600);
  chmodSync(tls.keyFile, 0o600);
  return tls;
}
