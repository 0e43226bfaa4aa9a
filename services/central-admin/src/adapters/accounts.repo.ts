import { randomBytes } from 'node:crypto';
import { conflict, dbOf, inTransaction, notFound, type Pool } from '@kiosk/kit';
import type { Principal, Role } from '../domain/access.js';
import { recordAudit, type Actor } from './audit.repo.js';
import { hashPassword, newSecret, sha256 } from './passwords.js';

export interface UserView { id: number; username: string; displayName: string; role: Role; disabled: boolean; createdAt: string; lastLoginAt: string | null }
export interface TokenView { id: number; name: string; role: Role; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

interface UserRow { id: number; username: string; display_name: string; role: Role; password_hash: string; disabled: boolean; created_at: Date; last_login_at: Date | null }
const toUser = (u: UserRow): UserView => ({
  id: u.id, username: u.username, displayName: u.display_name, role: u.role, disabled: u.disabled,
  createdAt: u.created_at.toISOString(), lastLoginAt: u.last_login_at?.toISOString() ?? null,
});
interface TokenRow { id: number; name: string; role: Role; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }
const toToken = (t: TokenRow): TokenView => ({
  id: t.id, name: t.name, role: t.role, createdAt: t.created_at.toISOString(), lastUsedAt: t.last_used_at?.toISOString() ?? null, revokedAt: t.revoked_at?.toISOString() ?? null,
});

/** Users, sessions, API tokens and failed sign-ins in central Postgres. Writes are audited in their transaction. */
export class AccountsRepo {
  constructor(private readonly pool: Pool) {}

  async countUsers(): Promise<number> {
    return Number((await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM central_admin.users')).rows[0]!.n);
  }

  async userForSignIn(username: string): Promise<(UserView & { passwordHash: string }) | null> {
    const r = await this.pool.query<UserRow>('SELECT * FROM central_admin.users WHERE username = $1', [username]);
    return r.rows[0] ? { ...toUser(r.rows[0]), passwordHash: r.rows[0].password_hash } : null;
  }

  async listUsers(): Promise<UserView[]> {
    return (await this.pool.query<UserRow>('SELECT * FROM central_admin.users ORDER BY username')).rows.map(toUser);
  }

  async createUser(u: { username: string; displayName: string; role: Role; password: string }, actor: Actor): Promise<UserView> {
    const hash = await hashPassword(u.password);
    return inTransaction(this.pool, async (client) => {
      const r = await client.query<UserRow>(
        `INSERT INTO central_admin.users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (username) DO NOTHING RETURNING *`, [u.username, u.displayName, u.role, hash]);
      if (!r.rows[0]) throw conflict('already_exists', `user ${u.username} already exists`, { username: u.username });
      const user = toUser(r.rows[0]);
      await recordAudit(dbOf(client), actor, { action: 'create', entityType: 'user', entityId: String(user.id), after: user });
      return user;
    });
  }

  /** Changes a user; a new password or disabling ends every session of that user. */
  async updateUser(id: number, change: { displayName?: string; role?: Role; disabled?: boolean; password?: string }, actor: Actor): Promise<UserView> {
    const hash = change.password === undefined ? null : await hashPassword(change.password);
    return inTransaction(this.pool, async (client) => {
      const before = (await client.query<UserRow>('SELECT * FROM central_admin.users WHERE id = $1 FOR UPDATE', [id])).rows[0];
      if (!before) throw notFound('user', String(id));
      const r = await client.query<UserRow>(
        `UPDATE central_admin.users SET display_name = coalesce($2, display_name), role = coalesce($3, role),
           disabled = coalesce($4, disabled), password_hash = coalesce($5, password_hash) WHERE id = $1 RETURNING *`,
        [id, change.displayName ?? null, change.role ?? null, change.disabled ?? null, hash]);
      if (hash || change.disabled || (change.role && change.role !== before.role)) await client.query('DELETE FROM central_admin.sessions WHERE user_id = $1', [id]);
      const after = toUser(r.rows[0]!);
      await recordAudit(dbOf(client), actor, { action: hash ? 'update_with_password' : 'update', entityType: 'user', entityId: String(id), before: toUser(before), after });
      return after;
    });
  }

  /** A new session for a user who just proved their password: the cookie token (returned once) and CSRF token. */
  async openSession(user: UserView, ttlSeconds: number, actor: Actor): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const { token, hash } = newSecret('s');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO central_admin.sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
        [hash, user.id, csrfToken, expiresAt, actor.ip, actor.userAgent?.slice(0, 500) ?? null]);
      await client.query('UPDATE central_admin.users SET last_login_at = now() WHERE id = $1', [user.id]);
      await client.query('DELETE FROM central_admin.sessions WHERE expires_at < now()');
      await recordAudit(dbOf(client), actor, { action: 'sign_in', entityType: 'session', entityId: String(user.id) });
    });
    return { token, csrfToken, expiresAt };
  }

  async closeSession(token: string, actor: Actor): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const r = await client.query<{ user_id: number }>('DELETE FROM central_admin.sessions WHERE token_hash = $1 RETURNING user_id', [sha256(token)]);
      if (r.rows[0]) await recordAudit(dbOf(client), actor, { action: 'sign_out', entityType: 'session', entityId: String(r.rows[0].user_id) });
    });
  }

  /** The principal behind a session cookie, if the session is live and its user enabled. */
  async sessionPrincipal(token: string): Promise<Principal | null> {
    const r = await this.pool.query<UserRow & { csrf_token: string }>(
      `SELECT u.*, s.csrf_token FROM central_admin.sessions s JOIN central_admin.users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`, [sha256(token)]);
    const row = r.rows[0];
    return row ? { kind: 'user', id: row.id, name: row.username, displayName: row.display_name, role: row.role, csrfToken: row.csrf_token } : null;
  }

  async tokenPrincipal(token: string): Promise<Principal | null> {
    const r = await this.pool.query<{ id: number; name: string; role: Role }>(
      `UPDATE central_admin.api_tokens SET last_used_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING id, name, role`, [sha256(token)]);
    const row = r.rows[0];
    return row ? { kind: 'token', id: row.id, name: `token:${row.name}`, displayName: row.name, role: row.role } : null;
  }

  async listTokens(): Promise<TokenView[]> {
    return (await this.pool.query<TokenRow>('SELECT * FROM central_admin.api_tokens ORDER BY id')).rows.map(toToken);
  }

  async createToken(t: { name: string; role: Role }, actor: Actor): Promise<{ id: number; name: string; role: Role; token: string }> {
    const { token, hash } = newSecret('kst');
    return inTransaction(this.pool, async (client) => {
      const r = await client.query<TokenRow>(
        'INSERT INTO central_admin.api_tokens (name, role, token_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING *', [t.name, t.role, hash, actor.name]);
      const view = toToken(r.rows[0]!);
      await recordAudit(dbOf(client), actor, { action: 'create', entityType: 'api_token', entityId: String(view.id), after: view });
      return { id: view.id, name: view.name, role: view.role, token };
    });
  }

  async revokeToken(id: number, actor: Actor): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const before = (await client.query<TokenRow>('SELECT * FROM central_admin.api_tokens WHERE id = $1 FOR UPDATE', [id])).rows[0];
      if (!before) throw notFound('api token', String(id));
      const r = await client.query<TokenRow>('UPDATE central_admin.api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING *', [id]);
      await recordAudit(dbOf(client), actor, { action: 'revoke', entityType: 'api_token', entityId: String(id), before: toToken(before), after: toToken(r.rows[0]!) });
    });
  }

  async recentFailures(scope: 'account' | 'client', key: string, windowSeconds: number): Promise<Date[]> {
    const r = await this.pool.query<{ failed_at: Date }>(
      `SELECT failed_at FROM central_admin.login_failures WHERE scope = $1 AND key = $2 AND failed_at > now() - make_interval(secs => $3)`,
      [scope, key, windowSeconds]);
    return r.rows.map((x) => x.failed_at);
  }

  async recordFailure(keys: { account: string; client: string }, actor: Actor): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(`INSERT INTO central_admin.login_failures (scope, key) VALUES ('account', $1), ('client', $2)`, [keys.account, keys.client]);
      await client.query(`DELETE FROM central_admin.login_failures WHERE failed_at < now() - interval '1 day'`);
      await recordAudit(dbOf(client), actor, { action: 'sign_in_failed', entityType: 'session', entityId: null, after: { username: keys.account } });
    });
  }

  /** A successful sign-in clears the account's failures (the client's stay: they throttle guessing across accounts). */
  async clearAccountFailures(username: string): Promise<void> {
    await this.pool.query(`DELETE FROM central_admin.login_failures WHERE scope = 'account' AND key = $1`, [username]);
  }
}
