import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { opsDir, postgresBinDir } from './paths.js';
import type { PostgresServer } from './servers.js';

/**
 * The store database's roles: each store service (and the uplink) signs in as `store_<service>`, which owns
 * only its own schema. Which role owns which schema, and every grant across schemas, is listed in one place:
 * ops/postgres/store-roles.sql, which this runs with psql exactly as docker-compose.yml's db-roles job does.
 */
export const storeDbServices = ['catalog', 'order', 'kitchen', 'sync', 'uplink'] as const;
export type StoreDbService = (typeof storeDbServices)[number];
export const storeDbRole = (service: StoreDbService) => `store_${service}`;

export const storeRolesSql = () => join(opsDir, 'postgres/store-roles.sql');

/** Secrets by name, made once per box and kept in `secretsDir/<file>` (0600), so a restarted box keeps them. */
export function loadOrCreateSecrets(secretsDir: string, file: string, names: readonly string[]): Record<string, string> {
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  const path = join(secretsDir, file);
  const known = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
  const secrets = Object.fromEntries(names.map((n) => [n, known[n] ?? randomBytes(18).toString('base64url')]));
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** One password per role. */
export const loadOrCreateDbPasswords = (secretsDir: string) => loadOrCreateSecrets(secretsDir, 'postgres-roles.json', storeDbServices.map(storeDbRole));

/** Creates or updates the roles, schemas' owners and grants (idempotent: run at every start of the box). */
export function provisionStoreRoles(postgres: PostgresServer, database: string, passwords: Record<string, string>): void {
  try {
    execFileSync(join(postgresBinDir(), 'psql'), [
      '-X', '-q', '-d', postgres.url(database), '-v', 'ON_ERROR_STOP=1', '-v', `passwords=${JSON.stringify(passwords)}`, '-f', storeRolesSql(),
    ], { stdio: 'pipe', env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' } });
  } catch (err) {
    throw new Error(`store roles not provisioned: ${(err as { stderr?: Buffer }).stderr?.toString() ?? String(err)}`);
  }
}

/** The DATABASE_URL of one service: its own role on the store database. */
export function serviceDatabaseUrl(postgres: Pick<PostgresServer, 'url'>, database: string, service: StoreDbService, passwords: Record<string, string>): string {
  const url = new URL(postgres.url(database));
  url.username = storeDbRole(service);
  url.password = encodeURIComponent(passwords[storeDbRole(service)] ?? '');
  return url.toString();
}
