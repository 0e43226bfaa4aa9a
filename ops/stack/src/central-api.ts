/** The demo owner every native central (startCentral, `make demo`) creates: central-admin in demo mode. */
export const demoOwner = { username: 'owner', password: 'owner-demo' } as const;

/** fetch against central's gateway, signed in: relative paths (`/api/stores`), JSON bodies as objects. */
export type CentralApi = (path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }) => Promise<Response>;

/** A session at central: the cookie to send, and the CSRF token every write needs beside it. */
export interface CentralSession { cookie: string; csrfToken: string }

/** Signs in at central (POST /api/auth/login) and answers the session. */
export async function centralSession(gatewayUrl: string, who: { username: string; password: string } = demoOwner): Promise<CentralSession> {
  const login = await fetch(`${gatewayUrl}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who),
  });
  if (login.status !== 200) throw new Error(`sign-in to central as ${who.username}: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/**
 * Signs in at central and returns a fetch that sends the session cookie and, on writes, the CSRF token: what
 * tests, benchmarks and tools use now that central's API is closed to anonymous callers.
 */
export async function signInToCentral(gatewayUrl: string, who: { username: string; password: string } = demoOwner): Promise<CentralApi> {
  const { cookie, csrfToken } = await centralSession(gatewayUrl, who);
  return (path, init = {}) => {
    const headers: Record<string, string> = { cookie, 'x-csrf-token': csrfToken, ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${gatewayUrl}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  };
}
