import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { openKioskDb, type QueuedOrder } from '../lib/db';
import { OrderQueue } from '../lib/order-queue';
import { deliverQueuedOrder } from '../lib/deliver';

/**
 * The offline order queue as the UI sees it, and the loop that drains it: a timer set to the next entry's
 * backoff, kicked early when the network or the store server comes back. A Web Lock keeps two tabs of the
 * kiosk from delivering at once (the globalId would make it harmless, but it is wasted work).
 */
export const useQueueStore = defineStore('queue', () => {
  const entries = ref<QueuedOrder[]>([]);
  /** False after an order (queued or live) found the order service unreachable; true after it answered. */
  const orderServerReachable = ref(true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ready: Promise<OrderQueue> | null = null;

  const pendingCount = computed(() => entries.value.filter((e) => e.status === 'pending').length);
  const failedCount = computed(() => entries.value.filter((e) => e.status === 'failed').length);

  function open(): Promise<OrderQueue> {
    ready ??= openKioskDb().then((db) => new OrderQueue(db));
    return ready;
  }

  async function refresh(): Promise<void> {
    entries.value = (await (await open()).list()).sort((a, b) => a.createdAt - b.createdAt);
  }

  async function schedule(): Promise<void> {
    clearTimeout(timer);
    const wake = await (await open()).nextWakeAt();
    if (wake !== null) timer = setTimeout(() => void flushNow(), Math.max(0, wake - Date.now()));
  }

  const deliveredListeners: ((globalId: string) => void)[] = [];
  /** Called with each globalId the server accepted from the queue (the confirmation screen upgrades its number). */
  function onDelivered(listener: (globalId: string) => void): void {
    deliveredListeners.push(listener);
  }

  async function runFlush(): Promise<void> {
    const report = await (await open()).flush(deliverQueuedOrder);
    if (report.unreachable) orderServerReachable.value = false;
    else if (report.delivered.length || report.failed.length) orderServerReachable.value = true;
    for (const id of report.delivered) for (const listener of deliveredListeners) listener(id);
  }

  async function flushNow(): Promise<void> {
    try {
      if (navigator.locks) await navigator.locks.request('kiosk-order-queue', runFlush);
      else await runFlush();
    } finally {
      await refresh();
      await schedule();
    }
  }

  /** Starts draining what an earlier run (or a restart) left behind. */
  async function start(): Promise<void> {
    await refresh();
    window.addEventListener('online', () => void kick());
    // Orders left from before a reload or restart mean the server was unreachable last time we looked:
    // say so until it answers, and give it one attempt right now (a reload is a natural moment to retry).
    if (pendingCount.value) {
      orderServerReachable.value = false;
      await (await open()).makeAllDue();
    }
    await flushNow();
  }

  async function enqueue(entry: Omit<QueuedOrder, 'attempts' | 'nextAttemptAt' | 'status'>): Promise<void> {
    await (await open()).enqueue(entry, Date.now(), 1);
    orderServerReachable.value = false;
    await refresh();
    await schedule();
  }

  /** The store server answered again: try everything now instead of waiting out the backoff. */
  async function kick(): Promise<void> {
    if (!pendingCount.value) return;
    await (await open()).makeAllDue();
    await flushNow();
  }

  async function discard(globalId: string): Promise<void> {
    await (await open()).remove(globalId);
    await refresh();
  }

  function markReachable(): void {
    orderServerReachable.value = true;
  }

  return { entries, pendingCount, failedCount, orderServerReachable, start, enqueue, kick, flushNow, discard, markReachable, refresh, onDelivered };
});
