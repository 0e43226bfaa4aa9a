/**
 * Creates a central user, typically the first owner of a production deployment (central-admin refuses to start
 * with no user outside the demo):
 *
 *   DATABASE_URL=postgres://... npm run -w services/central-admin create-user -- --username ana --role owner --display-name "Ana"
 *
 * The password comes from CENTRAL_USER_PASSWORD or, without it, the first line on stdin (never an argument: it
 * would sit in the shell history and the process list).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError, applyMigrations, createLogger, createPool } from '@kiosk/kit';
import { migrationsFolder } from '../index.js';
import { passwordAllowed } from '../domain/sign-in.js';
import { AccountsRepo } from '../adapters/accounts.repo.js';
import { createUserRequest } from '../transport/people.routes.js';

async function readPassword(): Promise<string> {
  if (process.env.CENTRAL_USER_PASSWORD) return process.env.CENTRAL_USER_PASSWORD;
  process.stderr.write('password: ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

const { values } = parseArgs({ options: { username: { type: 'string' }, role: { type: 'string', default: 'owner' }, 'display-name': { type: 'string' } } });
const databaseUrl = z.url().safeParse(process.env.DATABASE_URL);
if (!databaseUrl.success) {
  process.stderr.write('set DATABASE_URL to central Postgres\n');
  process.exit(2);
}
const input = createUserRequest.safeParse({
  username: values.username, role: values.role, displayName: values['display-name'] ?? values.username, password: await readPassword(),
});
if (!input.success) {
  process.stderr.write(`${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
  process.exit(2);
}
if (!passwordAllowed(input.data.password, false)) {
  process.stderr.write('that password is the published demo password: choose another\n');
  process.exit(2);
}
const logger = createLogger({ service: 'central-admin-cli', storeId: 'central', level: 'warn' });
const pool = createPool({ url: databaseUrl.data, applicationName: 'central-admin-create-user', logger });
try {
  await applyMigrations(pool, { schema: 'central_admin', migrationsFolder, logger });
  const user = await new AccountsRepo(pool).createUser(input.data, { name: 'cli:create-user', role: null, ip: null, userAgent: process.env.USER ?? null });
  process.stdout.write(`created ${user.role} ${user.username} (id ${user.id})\n`);
} catch (err) {
  process.stderr.write(`${err instanceof AppError ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
