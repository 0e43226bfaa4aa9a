import { z } from 'zod';
import { dbOf, parse, unprocessable } from '@kiosk/kit';
import { role } from '../domain/access.js';
import { passwordAllowed } from '../domain/sign-in.js';
import type { AccountsRepo } from '../adapters/accounts.repo.js';
import { listAudit } from '../adapters/audit.repo.js';
import type { Pool } from '@kiosk/kit';
import type { Api } from './api.js';

const password = z.string().min(10, 'at least 10 characters').max(200);
export const createUserRequest = z.strictObject({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lower-case letters, digits, . _ -'),
  displayName: z.string().min(1).max(120),
  role,
  password,
});
export const updateUserRequest = z.strictObject({ displayName: z.string().min(1).max(120).optional(), role: role.optional(), disabled: z.boolean().optional(), password: password.optional() });
export const createTokenRequest = z.strictObject({ name: z.string().min(1).max(80), role });
const numericId = z.object({ id: z.coerce.number().int().min(1) });

const userListItem = z.object({ id: z.number(), username: z.string(), displayName: z.string(), role, disabled: z.boolean(), createdAt: z.string(), lastLoginAt: z.string().nullable() });
const tokenListItem = z.object({ id: z.number(), name: z.string(), role, createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });

export const auditQuery = z.object({
  actor: z.string().max(100).optional(), entityType: z.string().max(40).optional(), action: z.string().max(40).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(), to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().min(1).optional(),
});
const auditEntry = z.object({
  id: z.number(), at: z.string(), actor: z.string(), role: z.string().nullable(), action: z.string(), entityType: z.string(), entityId: z.string().nullable(),
  before: z.unknown(), after: z.unknown(), ip: z.string().nullable(), userAgent: z.string().nullable(),
});

/** Owners manage people and API tokens; the audit log is read by owners, IT and finance. */
export function peopleRoutes(api: Api, accounts: AccountsRepo, pool: Pool, demoMode: boolean): void {
  const db = dbOf(pool);
  const checkPassword = (p: string | undefined) => {
    if (p !== undefined && !passwordAllowed(p, demoMode)) throw unprocessable('password_refused', 'that password is published (the demo account): choose another');
  };
  api.route({ method: 'get', path: '/api/admin/users', access: 'people', tag: 'users', summary: 'Every user', response: z.object({ users: z.array(userListItem) }) },
    async (_req, res) => {
      res.json({ users: await accounts.listUsers() });
    });
  api.route({ method: 'post', path: '/api/admin/users', access: 'people', tag: 'users', summary: 'Invite a user', body: createUserRequest, response: userListItem, status: 201 },
    async (req, res, caller) => {
      const body = parse(createUserRequest, req.body);
      checkPassword(body.password);
      res.status(201).json(await accounts.createUser(body, caller.actor));
    });
  api.route({ method: 'patch', path: '/api/admin/users/:id', access: 'people', tag: 'users', summary: 'Change a user (name, role, disabled, password)',
    params: numericId, body: updateUserRequest, response: userListItem }, async (req, res, caller) => {
    const { id } = parse(numericId, req.params);
    const body = parse(updateUserRequest, req.body);
    checkPassword(body.password);
    res.json(await accounts.updateUser(id, body, caller.actor));
  });
  api.route({ method: 'get', path: '/api/admin/tokens', access: 'people', tag: 'tokens', summary: 'Every API token (never the secret)', response: z.object({ tokens: z.array(tokenListItem) }) },
    async (_req, res) => {
      res.json({ tokens: await accounts.listTokens() });
    });
  api.route({ method: 'post', path: '/api/admin/tokens', access: 'people', tag: 'tokens', summary: 'Issue an API token for a role (the secret is shown once)', body: createTokenRequest,
    response: z.object({ id: z.number(), name: z.string(), role, token: z.string() }), status: 201 }, async (req, res, caller) => {
    res.status(201).json(await accounts.createToken(parse(createTokenRequest, req.body), caller.actor));
  });
  api.route({ method: 'delete', path: '/api/admin/tokens/:id', access: 'people', tag: 'tokens', summary: 'Revoke an API token', params: numericId, status: 204 },
    async (req, res, caller) => {
      await accounts.revokeToken(parse(numericId, req.params).id, caller.actor);
      res.status(204).end();
    });
  api.route({ method: 'get', path: '/api/admin/audit', access: 'audit', tag: 'audit', summary: 'The audit log, newest first (before = last id of the previous page)',
    query: auditQuery, response: z.object({ entries: z.array(auditEntry) }) }, async (req, res) => {
    res.json({ entries: await listAudit(db, parse(auditQuery, req.query)) });
  });
}
