import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { assertStoreId, streams } from '@kiosk/contracts';

/**
 * What the central hub's config is rendered from: the list of stores. Each store gets a NATS account of its
 * own (S1, S2, ...) and one leaf user bound to it; HUB is central's account, where the fleet's streams live.
 * Nothing here is per-store code: adding a store is adding its id to the list and reloading the hub.
 */

/** The account of one store on the hub: `s1` -> `S1`, `north-3` -> `S_NORTH_3`-safe name. */
export const storeAccount = (storeId: string) => assertStoreId(storeId).toUpperCase().replace(/-/g, '_');

/** Subject prefix under which a store's uplink forwarder publishes into central's JetStream (see hubImportsOf). */
export const uplinkPrefix = 'uplink';

/** The hub stream that carries central's catalog to one store (global subjects plus that store's own). */
export const catalogToStore = (storeId: string) => `CATALOG_TO_${storeAccount(storeId)}`;

/** The hub stream of receipts and decisions for one store (`central.store.<id>.>`), sourced by its CENTRAL_<ID>. */
export const centralToStore = (storeId: string) => `CENTRAL_TO_${storeAccount(storeId)}`;

/** The prefix a store uses to reach central's JetStream API through its account (NATS-EDGE.md gotcha 3). */
export const hubApiPrefix = 'hubjs.API';
export const catalogDeliverPrefix = (storeId: string) => `catdeliver.${assertStoreId(storeId)}`;
export const centralDeliverPrefix = (storeId: string) => `centraldeliver.${assertStoreId(storeId)}`;
export const salesDeliverPrefix = (storeId: string) => `deliver.${assertStoreId(storeId)}`;

export interface Credential { user: string; password: string }
export interface HubCredentials { hub: Credential; stores: Record<string, Credential> }

/** Passwords are made once per hub data dir and kept there (0600), so a restarted demo keeps its links. */
export function loadOrCreateCredentials(confDir: string, stores: string[]): HubCredentials {
  const file = join(confDir, 'credentials.json');
  const known = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as HubCredentials) : null;
  const secret = () => randomBytes(18).toString('base64url');
  const creds: HubCredentials = {
    hub: known?.hub ?? { user: 'hub', password: secret() },
    stores: Object.fromEntries(stores.map((s) => [s, known?.stores[s] ?? { user: `leaf_${s}`, password: secret() }])),
  };
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  return creds;
}

const q = (s: string) => JSON.stringify(s);

/**
 * What one store account gives central (its JetStream API and sourcing traffic, for hub-side sourcing) and
 * takes from it: the uplink import, which maps `uplink.store.<id>.>` published by that store's forwarder onto
 * `store.<id>.>` in HUB, where central's per-store streams capture it and JetStream answers the PubAck; and
 * the consumer API of its own catalog and receipts/decisions streams only.
 */
function storeAccountBlock(storeId: string): string {
  const sales = streams.sales(storeId);
  const kitchen = streams.kitchen(storeId);
  const catalog = catalogToStore(storeId);
  const down = centralToStore(storeId);
  return `${storeAccount(storeId)}: {
  exports: [
    {service: ${q(`$JS.${storeId}.API.>`)}, accounts: [HUB]}
    {service: ${q(`$JS.FC.${sales}.>`)}, accounts: [HUB]}
    {service: ${q(`$JS.FC.${kitchen}.>`)}, accounts: [HUB]}
    {stream: ${q(`${salesDeliverPrefix(storeId)}.>`)}, accounts: [HUB]}
  ]
  imports: [
    {service: {account: HUB, subject: ${q(`store.${storeId}.>`)}}, to: ${q(`${uplinkPrefix}.store.${storeId}.>`)}}
    {service: {account: HUB, subject: ${q(`$JS.API.CONSUMER.CREATE.${catalog}`)}}, to: ${q(`${hubApiPrefix}.CONSUMER.CREATE.${catalog}`)}}
    {service: {account: HUB, subject: ${q(`$JS.API.CONSUMER.CREATE.${catalog}.>`)}}, to: ${q(`${hubApiPrefix}.CONSUMER.CREATE.${catalog}.>`)}}
    {service: {account: HUB, subject: ${q(`$JS.FC.${catalog}.>`)}}}
    {stream: {account: HUB, subject: ${q(`${catalogDeliverPrefix(storeId)}.>`)}}}
    {service: {account: HUB, subject: ${q(`$JS.API.CONSUMER.CREATE.${down}`)}}, to: ${q(`${hubApiPrefix}.CONSUMER.CREATE.${down}`)}}
    {service: {account: HUB, subject: ${q(`$JS.API.CONSUMER.CREATE.${down}.>`)}}, to: ${q(`${hubApiPrefix}.CONSUMER.CREATE.${down}.>`)}}
    {service: {account: HUB, subject: ${q(`$JS.FC.${down}.>`)}}}
    {stream: {account: HUB, subject: ${q(`${centralDeliverPrefix(storeId)}.>`)}}}
  ]
}`;
}

/** HUB's side of every store: each export names the one store account allowed to use it. */
function hubAccountBlock(stores: string[], hub: Credential): string {
  const exports = stores.flatMap((s) => {
    const acc = storeAccount(s);
    const catalog = catalogToStore(s);
    const down = centralToStore(s);
    return [
      `{service: ${q(`store.${s}.>`)}, accounts: [${acc}]}`,
      `{service: ${q(`$JS.API.CONSUMER.CREATE.${catalog}`)}, accounts: [${acc}]}`,
      `{service: ${q(`$JS.API.CONSUMER.CREATE.${catalog}.>`)}, accounts: [${acc}]}`,
      `{service: ${q(`$JS.FC.${catalog}.>`)}, accounts: [${acc}]}`,
      `{stream: ${q(`${catalogDeliverPrefix(s)}.>`)}, accounts: [${acc}]}`,
      // Receipts and decisions come down like the catalog: the store's CENTRAL_<ID> sources CENTRAL_TO_<ID>.
      `{service: ${q(`$JS.API.CONSUMER.CREATE.${down}`)}, accounts: [${acc}]}`,
      `{service: ${q(`$JS.API.CONSUMER.CREATE.${down}.>`)}, accounts: [${acc}]}`,
      `{service: ${q(`$JS.FC.${down}.>`)}, accounts: [${acc}]}`,
      `{stream: ${q(`${centralDeliverPrefix(s)}.>`)}, accounts: [${acc}]}`,
    ];
  });
  const imports = stores.flatMap((s) => {
    const acc = storeAccount(s);
    return [
      `{service: {account: ${acc}, subject: ${q(`$JS.${s}.API.>`)}}}`,
      `{service: {account: ${acc}, subject: ${q(`$JS.FC.${streams.sales(s)}.>`)}}}`,
      `{service: {account: ${acc}, subject: ${q(`$JS.FC.${streams.kitchen(s)}.>`)}}}`,
      `{stream: {account: ${acc}, subject: ${q(`${salesDeliverPrefix(s)}.>`)}}}`,
    ];
  });
  return `HUB: {
  jetstream: enabled
  users: [{user: ${q(hub.user)}, password: ${q(hub.password)}}]
  exports: [
    ${exports.join('\n    ')}
  ]
  imports: [
    ${imports.join('\n    ')}
  ]
}`;
}

/** Writes hub-accounts.conf and hub-leaf-users.conf beside the hub.conf they are included from. */
export function renderHubStores(confDir: string, stores: string[], creds: HubCredentials): void {
  const accounts = [
    '# Rendered by ops/stack/src/central-config.ts from the list of stores: do not edit by hand.',
    hubAccountBlock(stores, creds.hub),
    ...stores.map(storeAccountBlock),
  ].join('\n');
  const users = stores.map((s) => {
    const c = creds.stores[s]!;
    return `  {user: ${q(c.user)}, password: ${q(c.password)}, account: ${storeAccount(s)}}`;
  });
  writeFileSync(join(confDir, 'hub-accounts.conf'), `${accounts}\n`, { mode: 0o600 });
  writeFileSync(join(confDir, 'hub-leaf-users.conf'), `# Rendered: one leaf user per store.\nusers: [\n${users.join('\n')}\n]\n`, { mode: 0o600 });
}

export interface HubTls { caFile: string; certFile: string; keyFile: string }

/**
 * A private CA and the hub's server certificate (for localhost/127.0.0.1), made with openssl in the data dir
 * on first start and reused after. Private keys are never committed: they exist only under the data dir.
 */
export function ensureHubTls(dir: string, hostnames: string[] = ['localhost']): HubTls {
  mkdirSync(dir, { recursive: true });
  const tls = { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'hub.pem'), keyFile: join(dir, 'hub.key') };
  if (existsSync(tls.caFile) && existsSync(tls.certFile) && existsSync(tls.keyFile)) return tls;
  const caKey = join(dir, 'ca.key');
  const csr = join(dir, 'hub.csr');
  const ext = join(dir, 'hub.ext');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  run(['req', '-x509', ...ec, '-keyout', caKey, '-out', tls.caFile, '-days', '825', '-subj', '/CN=kiosk hub CA']);
  run(['req', ...ec, '-keyout', tls.keyFile, '-out', csr, '-subj', '/CN=kiosk hub']);
  const san = [...hostnames.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',');
  writeFileSync(ext, `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  run(['x509', '-req', '-in', csr, '-CA', tls.caFile, '-CAkey', caKey, '-CAcreateserial', '-out', tls.certFile, '-days', '825', '-extfile', ext]);
  chmodSync(caKey, 0o600);
  chmodSync(tls.keyFile, 0o600);
  return tls;
}
