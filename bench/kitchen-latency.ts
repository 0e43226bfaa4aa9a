/**
 * Kiosk-to-kitchen latency: from `POST /api/orders` sent to the `ticket` event received by a kitchen display
 * connected over socket.io through the gateway. Orders are sent one after another (a kiosk is a person), so the
 * figure is the pipeline's latency (commit, outbox relay, JetStream, kitchen consumer, socket.io), not queueing.
 */
import { io } from 'socket.io-client';
import type { CatalogView, TicketView } from '@kiosk/contracts/api';
import type { StoreBox } from '@kiosk/stack';
import { orderFactory, percentile } from './lib.js';

export async function benchKioskToKitchen(box: StoreBox, orders: number) {
  const catalog = (await (await fetch(`${box.gatewayUrl}/api/catalog`)).json()) as CatalogView;
  const nextOrder = orderFactory(catalog);
  const pair = await fetch(`${box.gatewayUrl}/api/devices/pair`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: '1234', name: 'bench', role: 'kitchen' }),
  });
  const { token } = (await pair.json()) as { token: string };
  const socket = io(box.gatewayUrl, { auth: { token }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () => socket.emit('join', 'kitchen', () => resolve()));
  });

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const waiting = new Map<string, () => void>();
  socket.on('ticket', (t: TicketView) => {
    const t0 = sentAt.get(t.globalId);
    if (t0 === undefined || t.version !== 1) return;
    latencies.push(performance.now() - t0);
    sentAt.delete(t.globalId);
    waiting.get(t.globalId)?.();
  });
  for (let i = 0; i < orders; i++) {
    const order = nextOrder();
    order.payment = { method: 'cash' };
    const arrived = new Promise<void>((resolve) => waiting.set(order.globalId, resolve));
    sentAt.set(order.globalId, performance.now());
    const res = await fetch(`${box.gatewayUrl}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
    if (res.status !== 201) throw new Error(`order rejected: ${res.status} ${await res.text()}`);
    await Promise.race([arrived, new Promise((r) => setTimeout(r, 5_000))]);
    waiting.delete(order.globalId);
  }
  socket.close();
  const sorted = latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { orders, received: sorted.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1) ?? NaN) };
}
