import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import { streams } from '@kiosk/contracts';
import { opsDir } from './paths.js';

/**
 * The users of a store box's nats-server (ops/nats/store-users.conf.template): one per service, each allowed
 * only what it uses, and `ops` for the box's tools and tests. Passwords are rendered into the server's private
 * config (NATS_<USER>_PASSWORD in the template) and reach the services in their NATS_URL (nats://user:pw@host).
 */
export const storeNatsUsers = ['ops', 'catalog', 'order', 'kitchen', 'sync', 'uplink'] as const;
export type StoreNatsUser = (typeof storeNatsUsers)[number];
export const natsPasswordVar = (user: StoreNatsUser) => `NATS_${user.toUpperCase()}_PASSWORD`;

/** The template rendered for one store: its id in subjects, its stream suffix in stream names, the passwords. */
export function renderStoreNatsUsers(storeId: string, passwords: Record<string, string>): string {
  const suffix = streams.sales(storeId).replace(/^SALES_/, '');
  let text = readFileSync(join(opsDir, 'nats/store-users.conf.template'), 'utf8')
    .replace(/\$\{STORE_ID\}/g, storeId).replace(/\$\{STREAM_SUFFIX\}/g, suffix);
  for (const user of storeNatsUsers) {
    const password = passwords[user];
    if (!password) throw new Error(`no NATS password for the store's ${user} user`);
    // Inside the template's quotes: escaped as a JSON string is.
    text = text.replaceAll(`\${${natsPasswordVar(user)}}`, JSON.stringify(password).slice(1, -1));
  }
  return text;
}

/** A nats URL (or a comma-separated list) with one user's credentials. */
export function natsUrlAs(url: string, user: string, password: string): string {
  return url.split(',').map((u) => {
    const parsed = new URL(u);
    parsed.username = encodeURIComponent(user);
    parsed.password = encodeURIComponent(password);
    return parsed.toString().replace(/\/$/, '');
  }).join(',');
}

/** Connects with the credentials a nats URL carries (nats.js itself ignores them in a URL). */
export function connectNatsUrl(url: string, extra: Partial<ConnectionOptions> = {}): Promise<NatsConnection> {
  const urls = url.split(',').map((u) => new URL(u.trim()));
  const first = urls.find((u) => u.username);
  return connect({
    servers: urls.map((u) => `${u.protocol}//${u.host}`),
    ...(first ? { user: decodeURIComponent(first.username), pass: decodeURIComponent(first.password) } : {}),
    ...extra,
  });
}
