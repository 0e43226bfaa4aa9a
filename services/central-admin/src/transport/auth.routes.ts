import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError, parse } from '@kiosk/kit';
import { role, type Principal } from '../domain/access.js';
import { lockoutMessage, passwordAllowed, throttle, type ThrottleRule } from '../domain/sign-in.js';
import type { AccountsRepo, UserView } from '../adapters/accounts.repo.js';
import { decoyHash, verifyPassword } from '../adapters/passwords.js';
import { type Api, type Caller, sessionCookie, unauthenticated, cookieValue } from './api.js';

export const loginRequest = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
export const userView = z.object({ id: z.number().int(), username: z.string(), displayName: z.string(), role });
export const sessionView = z.object({ user: userView, csrfToken: z.string().nullable() });

export interface SignInPolicy { demoMode: boolean; sessionTtlSeconds: number; perAccount: ThrottleRule; perClient: ThrottleRule }

const tooManyAttempts = (retryAfterSeconds: number) =>
  new AppError(429, 'too_many_attempts', lockoutMessage(retryAfterSeconds), { retryAfterSeconds });

const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'wrong username or password');

/** Sign-in, sign-out and "who am I". Throttled per account and per client address; every outcome is audited. */
export function authRoutes(api: Api, accounts: AccountsRepo, policy: SignInPolicy): void {
  const lockout = async (username: string, client: string) => {
    const [a, c] = await Promise.all([
      accounts.recentFailures('account', username, policy.perAccount.windowSeconds),
      accounts.recentFailures('client', client, policy.perClient.windowSeconds),
    ]);
    const now = new Date();
    const verdicts = [throttle(a, now, policy.perAccount), throttle(c, now, policy.perClient)];
    const waits = verdicts.flatMap((v) => (v.locked ? [v.retryAfterSeconds] : []));
    return waits.length ? Math.max(...waits) : null;
  };
  const refuse = (res: Response, retryAfter: number) => {
    res.set('Retry-After', String(retryAfter));
    throw tooManyAttempts(retryAfter);
  };

  api.route({ method: 'post', path: '/api/auth/login', access: 'public', tag: 'auth', summary: 'Sign in: sets the kiosk_session cookie, answers the user and CSRF token',
    body: loginRequest, response: sessionView }, async (req, res, caller) => {
    const { username, password } = parse(loginRequest, req.body);
    const client = req.ip ?? 'unknown';
    const locked = await lockout(username, client);
    if (locked) refuse(res, locked);
    const user = await accounts.userForSignIn(username);
    // Unknown users cost a hash too, so timing does not tell which usernames exist.
    const matches = await verifyPassword(password, user?.passwordHash ?? decoyHash);
    if (!user || !matches || user.disabled || !passwordAllowed(password, policy.demoMode)) {
      await accounts.recordFailure({ account: username, client }, caller.actor);
      const nowLocked = await lockout(username, client);
      if (nowLocked) refuse(res, nowLocked);
      throw invalidCredentials();
    }
    await accounts.clearAccountFailures(username);
    const actor = { ...caller.actor, name: user.username, role: user.role };
    const session = await accounts.openSession(user, policy.sessionTtlSeconds, actor);
    res.cookie(sessionCookie, session.token, {
      httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure, maxAge: policy.sessionTtlSeconds * 1000,
    });
    res.json({ user: publicUser(user), csrfToken: session.csrfToken });
  });

  api.route({ method: 'post', path: '/api/auth/logout', access: 'signedIn', tag: 'auth', summary: 'Sign out: ends this session', status: 204 }, async (req, res, caller) => {
    const token = cookieValue(req, sessionCookie);
    if (token && caller.principal?.kind === 'user') await accounts.closeSession(token, caller.actor);
    res.clearCookie(sessionCookie, { httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure });
    res.status(204).end();
  });

  api.route({ method: 'get', path: '/api/auth/me', access: 'signedIn', tag: 'auth', summary: 'The signed-in user and the CSRF token of this session', response: sessionView },
    async (req: Request, res: Response, caller: Caller) => {
      const p = caller.principal;
      if (!p) throw unauthenticated();
      res.json({ user: principalUser(p), csrfToken: p.csrfToken ?? null });
    });
}

const publicUser = (u: UserView) => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role });
const principalUser = (p: Principal) => ({ id: p.id, username: p.name, displayName: p.displayName, role: p.role });
