import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { conflict, dbOf, inTransaction, notFound, type Pool } from '@kiosk/kit';
import type { Principal, Role } from '../domain/access.js';
import { changeEndsSessions } from '../domain/sign-in.js';
import { recordAudit, type Actor } from './audit.repo.js';
import { apiTokens, loginFailures, sessions, users } from './db/schema.js';
import { isoOf, isoOrNull } from './db/timestamps.js';
import { hashPassword, newSecret, sha256 } from './passwords.js';

export interface UserView { id: number; username: string; displayName: string; role: Role; disabled: boolean; createdAt: string; lastLoginAt: string | null }
export interface TokenView { id: number; name: string; role: Role; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

const toUser = (u: typeof users.$inferSelect): UserView => ({
  id: u.id, username: u.username, displayName: u.displayName, role: u.role as Role, disabled: u.disabled,
  createdAt: isoOf(u.createdAt), lastLoginAt: isoOrNull(u.lastLoginAt),
});
const toToken = (t: typeof apiTokens.$inferSelect): TokenView => ({
  id: t.id, name: t.name, role: t.role as Role, createdAt: isoOf(t.createdAt), lastUsedAt: isoOrNull(t.lastUsedAt), revokedAt: isoOrNull(t.revokedAt),
});

/** Users, sessions, API tokens and failed sign-ins in central Postgres. Writes are audited in their transaction. */
export class AccountsRepo {
  private readonly db: NodePgDatabase;

  constructor(private readonly pool: Pool) {
    this.db = dbOf(pool);
  }

  async countUsers(): Promise<number> {
    return (await this.db.select({ n: count() }).from(users))[0]!.n;
  }

  async userForSignIn(username: string): Promise<(UserView & { passwordHash: string }) | null> {
    const [u] = await this.db.select().from(users).where(eq(users.username, username));
    return u ? { ...toUser(u), passwordHash: u.passwordHash } : null;
  }

  async listUsers(): Promise<UserView[]> {
    return (await this.db.select().from(users).orderBy(asc(users.username))).map(toUser);
  }

  async createUser(u: { username: string; displayName: string; role: Role; password: string }, actor: Actor): Promise<UserView> {
    const hash = await hashPassword(u.password);
    return inTransaction(this.pool, async (client) => {
      const tx = dbOf(client);
      const [row] = await tx.insert(users).values({ username: u.username, displayName: u.displayName, role: u.role, passwordHash: hash })
        .onConflictDoNothing({ target: users.username }).returning();
      if (!row) throw conflict('already_exists', `user ${u.username} already exists`, { username: u.username });
      const user = toUser(row);
      await recordAudit(tx, actor, { action: 'create', entityType: 'user', entityId: String(user.id), after: user });
      return user;
    });
  }

  /** Changes a user; a new password, disabling or another role ends every session of that user. */
  async updateUser(id: number, change: { displayName?: string; role?: Role; disabled?: boolean; password?: string }, actor: Actor): Promise<UserView> {
    const hash = change.password === undefined ? null : await hashPassword(change.password);
    return inTransaction(this.pool, async (client) => {
      const tx = dbOf(client);
      const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
      if (!before) throw notFound('user', String(id));
      const set = {
        ...(change.displayName !== undefined ? { displayName: change.displayName } : {}), ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}), ...(hash !== null ? { passwordHash: hash } : {}),
      };
      // Nothing to change still answers (and audits) the user as it stands.
      const [row] = await tx.update(users).set(Object.keys(set).length > 0 ? set : { displayName: before.displayName }).where(eq(users.id, id)).returning();
      if (changeEndsSessions(before, change)) await tx.delete(sessions).where(eq(sessions.userId, id));
      const after = toUser(row!);
      await recordAudit(tx, actor, { action: hash ? 'update_with_password' : 'update', entityType: 'user', entityId: String(id), before: toUser(before), after });
      return after;
    });
  }

  /** A new session for a user who just proved their password: the cookie token (returned once) and CSRF token. */
  async openSession(user: UserView, ttlSeconds: number, actor: Actor): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const { token, hash } = newSecret('s');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await inTransaction(this.pool, async (client) => {
      const tx = dbOf(client);
      await tx.insert(sessions).values({ tokenHash: hash, userId: user.id, csrfToken, expiresAt: expiresAt.toISOString(), ip: actor.ip, userAgent: actor.userAgent?.slice(0, 500) ?? null });
      await tx.update(users).set({ lastLoginAt: sql`now()` }).where(eq(users.id, user.id));
      await tx.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
      await recordAudit(tx, actor, { action: 'sign_in', entityType: 'session', entityId: String(user.id) });
    });
    return { token, csrfToken, expiresAt };
  }

  async closeSession(token: string, actor: Actor): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const tx = dbOf(client);
      const [closed] = await tx.delete(sessions).where(eq(sessions.tokenHash, sha256(token))).returning({ userId: sessions.userId });
      if (closed) await recordAudit(tx, actor, { action: 'sign_out', entityType: 'session', entityId: String(closed.userId) });
    });
  }

  /** The principal behind a session cookie, if the session is live and its user enabled. */
  async sessionPrincipal(token: string): Promise<Principal | null> {
    const [row] = await this.db.select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, csrfToken: sessions.csrfToken })
      .from(sessions).innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, sql`now()`), eq(users.disabled, false)));
    return row ? { kind: 'user', id: row.id, name: row.username, displayName: row.displayName, role: row.role as Role, csrfToken: row.csrfToken } : null;
  }

  async tokenPrincipal(token: string): Promise<Principal | null> {
    const [row] = await this.db.update(apiTokens).set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role });
    return row ? { kind: 'token', id: row.id, name: `token:${row.name}`, displayName: row.name, role: row.role as Role } : null;
  }

  async listTokens(): Promise<TokenView[]> {
    return (await this.db.select().from(apiTokens).orderBy(asc(apiTokens.id))).map(toToken);
  }

  async createToken(t: { name: string; role: Role }, actor: Actor): Promise<{ id: number; name: string; role: Role; token: string }> {
    const { token, hash } = newSecret('kst');
    return inTransaction(this.pool, async (client) => {
      const tx = dbOf(client);
      const [row] = await tx.insert(apiTokens).values({ name: t.name, role: t.role, tokenHash: hash, createdBy: actor.name }).returning();
      const view = toToken(row!);
      await recordAudit(tx, actor, { action: 'create', entityType: 'api_token', entityId: String(view.id), after: view });
      return { id: view.id, name: view.name, role: view.role, token };
    });
  }

  async revokeToken(id: number, actor: Actor): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const tx = dbOf(client);
      const [before] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).for('update');
      if (!before) throw notFound('api token', String(id));
      const [after] = await tx.update(apiTokens).set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` }).where(eq(apiTokens.id, id)).returning();
      await recordAudit(tx, actor, { action: 'revoke', entityType: 'api_token', entityId: String(id), before: toToken(before), after: toToken(after!) });
    });
  }

  async recentFailures(scope: 'account' | 'client', key: string, windowSeconds: number): Promise<Date[]> {
    const rows = await this.db.select({ failedAt: loginFailures.failedAt }).from(loginFailures)
      .where(and(eq(loginFailures.scope, scope), eq(loginFailures.key, key), gt(loginFailures.failedAt, sql`now() - make_interval(secs => ${windowSeconds})`)));
    return rows.map((x) => new Date(x.failedAt));
  }

  async recordFailure(keys: { account: string; client: string }, actor: Actor): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const tx = dbOf(client);
      await tx.insert(loginFailures).values([{ scope: 'account', key: keys.account }, { scope: 'client', key: keys.client }]);
      await tx.delete(loginFailures).where(lt(loginFailures.failedAt, sql`now() - interval '1 day'`));
      await recordAudit(tx, actor, { action: 'sign_in_failed', entityType: 'session', entityId: null, after: { username: keys.account } });
    });
  }

  /** A successful sign-in clears the account's failures (the client's stay: they throttle guessing across accounts). */
  async clearAccountFailures(username: string): Promise<void> {
    await this.db.delete(loginFailures).where(and(eq(loginFailures.scope, 'account'), eq(loginFailures.key, username)));
  }
}
