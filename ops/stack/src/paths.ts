import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (ops/stack/src -> ../../..). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const opsDir = join(repoRoot, 'ops');

/** nats-server >= 2.14: ops/install-deps.sh puts Debian sid's build in .tools/ (Debian 12 has 2.9.10). */
export function natsServerBin(): string {
  const candidates = [process.env.NATS_SERVER_BIN, join(repoRoot, '.tools/nats-server/nats-server')];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error('nats-server 2.14+ not found: run `bash ops/install-deps.sh` (or set NATS_SERVER_BIN)');
  return found;
}

/** The newest installed Postgres server binaries (Debian: /usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base) ? readdirSync(base).filter((d) => existsSync(join(base, d, 'bin/postgres'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('postgres server binaries not found: run `bash ops/install-deps.sh`');
  return join(base, newest, 'bin');
}

export function findBin(name: string, extra: string[] = []): string {
  for (const dir of [...extra, '/usr/sbin', '/usr/bin', '/usr/local/bin', '/sbin']) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  throw new Error(`${name} not found: run \`bash ops/install-deps.sh\``);
}

/**
 * The shared staff schema's migrations (owned and applied by the kitchen service): services that only use the
 * staff tables (order, catalog) apply them to their test databases as a fixture.
 */
export const staffMigrationsFolder = join(repoRoot, 'services/kitchen/drizzle-staff');
