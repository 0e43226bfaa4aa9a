import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { streams } from '@kiosk/contracts';

/**
 * Who signs in to central's hub: each store's leaf user (bound to its own account), central's operator `hub`
 * (declares the streams; the stack and the tests use it) and one user per central service, each allowed only
 * the subjects that service uses. Nobody gets in without a password: the hub has no `no_auth_user`.
 */

export interface Credential { user: string; password: string }

/** Central's services that talk to the hub, each with a user of its own. */
export const centralNatsUsers = ['central-ingest', 'central-admin', 'central-fleet'] as const;
export type CentralNatsUser = (typeof centralNatsUsers)[number];

export interface HubCredentials {
  hub: Credential;
  /** In the system account: asks each hub node to reload its config when a store is added or disabled. */
  system: Credential;
  services: Record<CentralNatsUser, Credential>;
  stores: Record<string, Credential>;
}

/**
 * Passwords are made once and kept in `secretsDir/credentials.json` (0600), so a restarted demo keeps its links.
 * The secrets folder is apart from the folder the hub's nodes read, which holds only bcrypt hashes.
 */
export function loadOrCreateCredentials(secretsDir: string, stores: string[]): HubCredentials {
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  const file = join(secretsDir, 'credentials.json');
  const known = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<HubCredentials>) : null;
  const secret = () => randomBytes(18).toString('base64url');
  const creds: HubCredentials = {
    hub: known?.hub ?? { user: 'hub', password: secret() },
    system: known?.system ?? { user: 'hub-system', password: secret() },
    services: Object.fromEntries(centralNatsUsers.map((u) => [u, known?.services?.[u] ?? { user: u, password: secret() }])) as HubCredentials['services'],
    stores: Object.fromEntries(stores.map((s) => [s, known?.stores?.[s] ?? { user: `leaf_${s}`, password: secret() }])),
  };
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  return creds;
}

/** A folder rendered before the passwords moved out of the hub's config folder: move them now. */
export function moveLegacyCredentials(confDir: string, secretsDir: string): void {
  const old = join(confDir, 'credentials.json');
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  if (existsSync(old) && !existsSync(join(secretsDir, 'credentials.json'))) renameSync(old, join(secretsDir, 'credentials.json'));
}

/**
 * A bcrypt hash nats-server accepts in place of a password. Cost 4, the lowest: every hub password is 18 random
 * bytes (144 bits), which no hash speed makes guessable, while the hub pays the cost on every login - at cost 11
 * (nats' default for people's passwords) a hundred stores reconnecting at once took the hub past its login
 * timeout and the links kept redialling (docs/scaling.md).
 */
export const bcryptOf = (password: string) => bcrypt.hashSync(password, 4);

/**
 * What each central service may publish (subscribing is limited to its own inboxes): the JetStream API of
 * the streams it reads, and the subjects it writes. Enumerated per store: stream names are not wildcards.
 */
export function centralServicePermissions(user: CentralNatsUser, stores: string[]): { publish: string[]; subscribe: string[] } {
  const read = (stream: string, ack: boolean) => [
    `$JS.API.STREAM.INFO.${stream}`, `$JS.API.CONSUMER.CREATE.${stream}`, `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.>`, `$JS.API.CONSUMER.INFO.${stream}.>`, `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
    ...(ack ? [`$JS.ACK.${stream}.>`] : []),
  ];
  const base = ['$JS.API.INFO'];
  const publish: Record<CentralNatsUser, string[]> = {
    // Consumes every store's sales, kitchen and telemetry (durable, acked); publishes receipts and decisions.
    'central-ingest': [...base, 'central.store.*.>',
      ...stores.flatMap((s) => [streams.sales(s), streams.kitchen(s), streams.telemetry(s)].flatMap((st) => read(st, true)))],
    // Publishes the catalog and a person's conflict decisions (its outbox relay), nothing else.
    'central-admin': [...base, 'catalog.>', 'central.store.*.v1.decision'],
    // Reads the latest heartbeat per store with ordered consumers (no acks).
    'central-fleet': [...base, ...stores.flatMap((s) => read(streams.telemetry(s), false))],
  };
  return { publish: publish[user], subscribe: ['_INBOX.>'] };
}

/** HUB's users as nats-server config entries, with bcrypt hashes only. */
export function hubUserEntries(stores: string[], creds: HubCredentials): string[] {
  const q = (s: string) => JSON.stringify(s);
  const list = (xs: string[]) => `[${xs.map(q).join(', ')}]`;
  return [
    `{user: ${q(creds.hub.user)}, password: ${q(bcryptOf(creds.hub.password))}}`,
    ...centralNatsUsers.map((u) => {
      const p = centralServicePermissions(u, stores);
      const c = creds.services[u];
      return `{user: ${q(c.user)}, password: ${q(bcryptOf(c.password))}, permissions: {publish: {allow: ${list(p.publish)}}, subscribe: {allow: ${list(p.subscribe)}}}}`;
    }),
  ];
}

/** A NATS_URL with the user's credentials in every server URL (the kit's connector takes them from there). */
export function natsUrlWith(natsUrl: string, c: Credential): string {
  return natsUrl.split(',').map((u) => {
    const url = new URL(u);
    url.username = encodeURIComponent(c.user);
    url.password = encodeURIComponent(c.password);
    return url.toString().replace(/\/$/, '');
  }).join(',');
}
