import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PlaceOrderRequest } from '@kiosk/contracts/api';
import { openKioskDb } from './db';
import { OrderQueue, type DeliveryAnswer } from './order-queue';

const policy = { baseMs: 1_000, maxMs: 8_000, jitter: 0 };
let dbCounter = 0;

function request(globalId: string): PlaceOrderRequest {
  return { globalId, kioskId: 'k1', mode: 'takeaway', lines: [{ productId: 'tea', quantity: 1, optionIds: [] }], payment: { method: 'cash' } };
}
const entry = (globalId: string, createdAt = 0) => ({ globalId, request: request(globalId), provisionalNumber: 'K1-001', total: 1, currency: 'IDR', createdAt });

/** A store server that answers from a script and records what it received, like the real one keyed by globalId. */
function fakeServer(answers: DeliveryAnswer[]) {
  const received: string[] = [];
  const committed = new Set<string>();
  const deliver = async (req: PlaceOrderRequest): Promise<DeliveryAnswer> => {
    received.push(req.globalId);
    const answer = answers.shift() ?? { status: 201 };
    if (answer.status >= 200 && answer.status < 300) committed.add(req.globalId);
    return answer;
  };
  return { deliver, received, committed };
}

describe('offline order queue', () => {
  let queue: OrderQueue;
  let dbName: string;
  beforeEach(async () => {
    dbName = `kiosk-test-${++dbCounter}`;
    queue = new OrderQueue(await openKioskDb(dbName), policy);
  });

  it('keeps an order until the server accepts it, backing off between attempts', async () => {
    await queue.enqueue(entry('a'), 0);
    const server = fakeServer([{ status: 0 }, { status: 502 }]);
    let report = await queue.flush(server.deliver, 0);
    expect(report).toMatchObject({ delivered: [], stillPending: 1, unreachable: true });
    expect((await queue.list())[0]).toMatchObject({ attempts: 1, nextAttemptAt: 1_000, status: 'pending' });
    // not due yet: nothing is sent
    report = await queue.flush(server.deliver, 500);
    expect(server.received).toEqual(['a']);
    report = await queue.flush(server.deliver, 1_000);
    expect((await queue.list())[0]).toMatchObject({ attempts: 2, nextAttemptAt: 3_000 });
    report = await queue.flush(server.deliver, 3_000);
    expect(report).toMatchObject({ delivered: ['a'], stillPending: 0 });
    expect(await queue.list()).toEqual([]);
    expect(server.received).toEqual(['a', 'a', 'a']);
  });

  it('survives a reopen of the database (a reload or a restart)', async () => {
    await queue.enqueue(entry('b'), 0);
    const reopened = new OrderQueue(await openKioskDb(dbName), policy);
    expect((await reopened.list()).map((e) => e.globalId)).toEqual(['b']);
  });

  it('sends each order once even when flushes overlap', async () => {
    await queue.enqueue(entry('c'), 0);
    await queue.enqueue(entry('c'), 0);
    const server = fakeServer([]);
    await Promise.all([queue.flush(server.deliver, 0), queue.flush(server.deliver, 0)]);
    expect(server.received).toEqual(['c']);
    expect(await queue.list()).toEqual([]);
  });

  it('marks a refused order failed for staff and stops retrying it', async () => {
    await queue.enqueue(entry('d'), 0);
    const server = fakeServer([{ status: 422, code: 'unknown_product' }]);
    const report = await queue.flush(server.deliver, 0);
    expect(report.failed).toEqual(['d']);
    expect((await queue.list())[0]).toMatchObject({ status: 'failed', lastError: 'unknown_product' });
    await queue.flush(server.deliver, 1_000_000);
    expect(server.received).toEqual(['d']);
  });

  it('delivers oldest first and treats a thrown delivery as unreachable', async () => {
    await queue.enqueue(entry('late', 2), 0);
    await queue.enqueue(entry('early', 1), 0);
    const order: string[] = [];
    await queue.flush(async (req) => {
      order.push(req.globalId);
      throw new Error('socket hang up');
    }, 0);
    expect(order).toEqual(['early', 'late']);
    expect((await queue.list()).every((e) => e.attempts === 1 && e.status === 'pending')).toBe(true);
  });

  it('makes every pending order due again on demand', async () => {
    await queue.enqueue(entry('e'), 0);
    await queue.flush(async () => ({ status: 0 }), 0);
    expect(await queue.nextWakeAt()).toBe(1_000);
    await queue.makeAllDue(10);
    expect(await queue.nextWakeAt()).toBe(10);
  });

  it('lets an order whose live attempt just failed wait out the first backoff', async () => {
    const queued = await queue.enqueue(entry('f'), 100, 1);
    expect(queued).toMatchObject({ attempts: 1, nextAttemptAt: 1_100, status: 'pending' });
    const server = fakeServer([]);
    await queue.flush(server.deliver, 500);
    expect(server.received).toEqual([]);
    await queue.flush(server.deliver, 1_100);
    expect(server.received).toEqual(['f']);
  });
});
