import { Router, type NextFunction, type Request, type Response } from 'express';
import { AppError, forbidden, type RouteDoc } from '@kiosk/kit';
import { mayAccess, type AccessGroup, type Principal } from '../domain/access.js';
import { actorOf, type Actor } from '../adapters/audit.repo.js';
import type { AccountsRepo } from '../adapters/accounts.repo.js';

export const sessionCookie = 'kiosk_session';

/** One route of central's API: what the router mounts, the guard enforces and the OpenAPI document describes. */
export interface RouteSpec extends RouteDoc {
  /** Who may call it; `public` only for signing in. */
  access: AccessGroup | 'public';
  /** Also answers `text/csv` with `format=csv`. */
  csv?: boolean;
}

/** What a handler gets besides req/res: the caller, and the audit actor made from the caller and the request. */
export interface Caller {
  principal: Principal | null;
  actor: Actor;
}

type Handler = (req: Request, res: Response, caller: Caller) => Promise<void>;

export const unauthenticated = () => new AppError(401, 'unauthenticated', 'sign in first (POST /api/auth/login) or send an API token');

/** Reads the session cookie out of the Cookie header (one cookie: no parser dependency needed). */
export function cookieValue(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Central's API router: every route is registered with its access group, so none can be mounted without a
 * guard, and the list of routes is what the OpenAPI document is generated from.
 */
export class Api {
  readonly router = Router();
  readonly routes: RouteSpec[] = [];

  constructor(private readonly accounts: AccountsRepo) {}

  route(spec: RouteSpec, handler: Handler): void {
    this.routes.push(spec);
    this.router[spec.method](spec.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const principal = spec.access === 'public' ? await this.principal(req).catch(() => null) : await this.guard(req, spec.access);
        await handler(req, res, { principal, actor: actorOf(principal, req.ip ?? null, req.get('user-agent') ?? null) });
      } catch (err) {
        next(err);
      }
    });
  }

  /** Bearer token first (scripts), else the session cookie (people): who is calling, or null. */
  async principal(req: Request): Promise<Principal | null> {
    const auth = req.get('authorization');
    if (auth?.startsWith('Bearer ')) return this.accounts.tokenPrincipal(auth.slice(7).trim());
    const cookie = cookieValue(req, sessionCookie);
    return cookie ? this.accounts.sessionPrincipal(cookie) : null;
  }

  private async guard(req: Request, group: AccessGroup): Promise<Principal> {
    const p = await this.principal(req);
    if (!p) throw unauthenticated();
    // A cookie rides along on a cross-site form post; the CSRF token does not: writes by session must echo it.
    if (p.kind === 'user' && !safeMethods.has(req.method) && req.get('x-csrf-token') !== p.csrfToken) {
      throw forbidden('csrf_failed', 'this write needs the X-CSRF-Token header from sign-in (GET /api/auth/me gives it again)');
    }
    if (!mayAccess(group, p.role)) throw forbidden('forbidden', `the ${p.role} role may not do this`, { role: p.role, needs: group });
    return p;
  }
}
