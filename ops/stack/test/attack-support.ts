import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import type { StoreBox } from '../src/index.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error?: { code: string; message: string; details?: Record<string, unknown> } } & Record<string, unknown>;
}

/**
 * One HTTP call to the store gateway from a chosen loopback address (127.0.0.x): each attacker or staff
 * member of a test is a client of its own, as distinct tablets on the store LAN are to nginx.
 */
export function call(box: StoreBox, opts: { method: string; path: string; body?: unknown; from: string; headers?: Record<string, string> }): Promise<Reply> {
  const url = new URL(opts.path, box.gatewayUrl);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: url.port, path: url.pathname, method: opts.method, localAddress: opts.from,
      headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...opts.headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => {
        let body: Reply['body'] = {};
        try { body = JSON.parse(text) as Reply['body']; } catch { body = {}; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** `times` calls in a row (a guesser does not wait for anything), their statuses in order and the last reply. */
export async function hammer(times: number, one: (i: number) => Promise<Reply>): Promise<{ statuses: number[]; last: Reply }> {
  const statuses: number[] = [];
  let last: Reply | undefined;
  for (let i = 0; i < times; i++) {
    last = await one(i);
    statuses.push(last.status);
  }
  return { statuses, last: last! };
}

/** Pairs a screen through the gateway from `from`; returns its token and id. */
export async function pairScreen(box: StoreBox, from: string, role: 'kitchen' | 'counter' = 'kitchen'): Promise<{ token: string; deviceId: string }> {
  const res = await call(box, { method: 'POST', path: '/api/devices/pair', from, body: { pin: '1234', name: `attack-suite ${from}`, role } });
  if (res.status !== 201) throw new Error(`pairing from ${from} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token as string, deviceId: res.body.deviceId as string };
}

/** The answer to a socket.io `join` of the kitchen room with `token`, through the gateway. */
export async function joinKitchen(box: StoreBox, token: string): Promise<{ answer: { ok: boolean; error?: { code: string } }; socket: ReturnType<typeof io> }> {
  const socket = io(box.gatewayUrl, { path: '/socket.io/', transports: ['websocket'], auth: { token }, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const answer = (await socket.timeout(10_000).emitWithAck('join', 'kitchen')) as { ok: boolean; error?: { code: string } };
  return { answer, socket };
}

/** The JSON log lines of one service of the box. */
export function serviceLog(box: StoreBox, service: string): Array<Record<string, unknown>> {
  return readFileSync(join(box.baseDir, 'logs', `${service}.log`), 'utf8').split('\n').flatMap((line) => {
    try { return [JSON.parse(line) as Record<string, unknown>]; } catch { return []; }
  });
}
