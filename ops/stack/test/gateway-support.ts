import http from 'node:http';
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';

/**
 * Requests to the gateway from a chosen source address: Linux answers for all of 127.0.0.0/8 on the loopback,
 * so 127.0.0.2, 127.0.0.3, ... are different clients to nginx, as tablets on the store LAN are.
 */
export interface Answer { status: number; headers: http.IncomingHttpHeaders; body: string }

const agents = new Map<string, http.Agent>();
function agentFor(localAddress: string): http.Agent {
  let agent = agents.get(localAddress);
  if (!agent) agents.set(localAddress, (agent = new http.Agent({ keepAlive: true, localAddress, maxSockets: 16 })));
  return agent;
}

/** Closes the keep-alive connections the helpers opened. */
export function closeClients(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export function request(url: string, opts: { from?: string; method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {}): Promise<Answer> {
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(target, {
      method: opts.method ?? 'GET', headers: opts.headers, ca: opts.ca,
      agent: target.protocol === 'https:' ? undefined : agentFor(opts.from ?? '127.0.0.1'),
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A held-open request: a websocket upgrade (101) or an event stream (200), or the refusal's status. */
export interface HeldOpen { status: number; close(): void }

/** Opens a raw websocket to `path` from `from`; resolves with 101 and the live socket, or the refusal. */
export function openWebSocket(base: string, path: string, from: string): Promise<HeldOpen> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), {
      localAddress: from, agent: false,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64') },
    });
    req.on('upgrade', (res, socket: Socket) => resolve({ status: res.statusCode ?? 0, close: () => socket.destroy() }));
    req.on('response', (res) => { res.resume(); resolve({ status: res.statusCode ?? 0, close: () => req.destroy() }); });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a Server-Sent Events stream and keeps it open once its headers arrived. */
export function openStream(base: string, path: string, from: string): Promise<HeldOpen> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), { localAddress: from, agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs `task` for 0..count-1 with at most `concurrency` at a time; the answers in order. */
export async function inParallel<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
