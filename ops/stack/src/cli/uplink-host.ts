/**
 * Many fleet stores' uplinks in one process, for the fleet benchmark (fleet-store.ts). On two cores a hundred
 * uplink processes (each its own Node runtime, retrying every 250 ms while its link is cut) took both cores
 * before the hub did: the benchmark measured them, not central. The uplink service itself is the real one,
 * started in-process once per store, as the one-process store box (services/box) starts it.
 *
 * A small HTTP control on UPLINK_HOST_PORT: `POST /uplinks` with the uplink's environment (JSON) starts one and
 * answers once it runs; `DELETE /uplinks/<storeId>` stops it. SIGTERM stops them all.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { loadConfig } from '@kiosk/kit';
import { startUplinkService, uplinkConfig } from '@kiosk/uplink';

const uplinks = new Map<string, { close(): Promise<void> }>();

async function body(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
}

function answer(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

const server = createServer((req, res) => {
  void (async () => {
    try {
      if (req.method === 'POST' && req.url === '/uplinks') {
        const config = loadConfig(uplinkConfig, { ...process.env, ...(await body(req)) });
        if (uplinks.has(config.STORE_ID)) return answer(res, 409, { error: `${config.STORE_ID} runs already` });
        uplinks.set(config.STORE_ID, await startUplinkService(config));
        return answer(res, 201, { storeId: config.STORE_ID });
      }
      const storeId = /^\/uplinks\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '')?.[1];
      if (req.method === 'DELETE' && storeId) {
        await uplinks.get(storeId)?.close();
        uplinks.delete(storeId);
        return answer(res, 204, null);
      }
      answer(res, 404, { error: 'POST /uplinks or DELETE /uplinks/<storeId>' });
    } catch (err) {
      answer(res, 400, { error: err instanceof Error ? err.message : String(err) });
    }
  })();
});
server.listen(Number(process.env.UPLINK_HOST_PORT), '127.0.0.1');

process.once('SIGTERM', () => {
  setTimeout(() => process.exit(1), 20_000).unref();
  void Promise.allSettled([...uplinks.values()].map((u) => u.close())).then(() => process.exit(0));
});
