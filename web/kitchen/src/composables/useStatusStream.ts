/**
 * Keeps the store status page's figures fresh. It listens to the sync service's Server-Sent Events stream;
 * when the stream breaks (a proxy that buffers or drops it, the service restarting, Wi-Fi hiccups) it polls
 * `GET /api/sync/status` at once and every few seconds, and tries the stream again a little later. A stream
 * that has gone quiet (no push for several periods) counts as broken: a half-open TCP connection never errors.
 */
import { onScopeDispose, readonly, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import type { StoreSyncStatusView } from '@kiosk/contracts/api';
import { fetchStatus, parseStatusView, statusStreamPath } from '../api/status-api.ts';

/** `live`: pushed by the stream; `polling`: the stream is out, figures come by polling; `offline`: neither answers. */
export type StatusStreamState = 'connecting' | 'live' | 'polling' | 'offline';

export interface StatusStreamOptions {
  streamUrl?: string;
  pollEveryMs?: number;
  /** No push for this long and the stream counts as broken (the service pushes every 3 s). */
  staleAfterMs?: number;
  /** How long after a break the stream is tried again (polling meanwhile). */
  reopenAfterMs?: number;
}

export interface StatusStream {
  view: Readonly<ShallowRef<StoreSyncStatusView | null>>;
  state: Readonly<Ref<StatusStreamState>>;
  /** The box's clock minus this browser's, from the last figures: "x min ago" must not depend on a wrong tablet clock. */
  offsetMs: Readonly<Ref<number>>;
  pollEveryMs: number;
  start(): void;
  stop(): void;
}

export function useStatusStream(options: StatusStreamOptions = {}): StatusStream {
  const { streamUrl = statusStreamPath, pollEveryMs = 5_000, staleAfterMs = 15_000, reopenAfterMs = 10_000 } = options;
  const view = shallowRef<StoreSyncStatusView | null>(null);
  const state = ref<StatusStreamState>('connecting');
  const offsetMs = ref(0);
  /** When the current stream last proved alive: opened, or pushed figures. */
  let lastSignOfLife = 0;
  let source: EventSource | null = null;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setInterval> | undefined;

  /** Takes figures unless they are older than those shown (a slow poll answering after a fresher push). */
  function accept(next: StoreSyncStatusView): void {
    if (view.value && Date.parse(next.at) < Date.parse(view.value.at)) return;
    view.value = next;
    offsetMs.value = Date.parse(next.at) - Date.now();
  }

  function openStream(): void {
    clearTimeout(reopenTimer);
    source?.close();
    const es = new EventSource(streamUrl);
    source = es;
    lastSignOfLife = Date.now();
    es.addEventListener('status', (event) => {
      const next = parseStatusView((event as MessageEvent<string>).data);
      if (!next || source !== es) return;
      lastSignOfLife = Date.now();
      accept(next);
      state.value = 'live';
      stopPolling();
    });
    // EventSource would retry by itself, but not after an HTTP error (a 502 while the service restarts); one
    // retry path for every failure is easier to reason about.
    es.onerror = () => {
      if (source === es) streamBroke();
    };
  }

  function streamBroke(): void {
    source?.close();
    source = null;
    // Polling settles the state (polling or offline) within a request; until then a live page says it is reconnecting.
    if (state.value === 'live') state.value = 'connecting';
    startPolling();
    clearTimeout(reopenTimer);
    reopenTimer = setTimeout(openStream, reopenAfterMs);
  }

  async function poll(): Promise<void> {
    try {
      const next = await fetchStatus();
      accept(next);
      if (state.value !== 'live') state.value = 'polling';
    } catch {
      if (state.value !== 'live') state.value = 'offline';
    }
  }

  function startPolling(): void {
    if (pollTimer !== undefined) return;
    void poll();
    pollTimer = setInterval(() => void poll(), pollEveryMs);
  }

  function stopPolling(): void {
    clearInterval(pollTimer);
    pollTimer = undefined;
  }

  function start(): void {
    openStream();
    watchdog = setInterval(() => {
      // Also catches a stream that opened but never delivers (a proxy buffering it): the page then polls.
      if (source && Date.now() - lastSignOfLife > staleAfterMs) streamBroke();
    }, 1_000);
  }

  function stop(): void {
    source?.close();
    source = null;
    stopPolling();
    clearTimeout(reopenTimer);
    clearInterval(watchdog);
  }

  onScopeDispose(stop);
  return { view, state: readonly(state), offsetMs: readonly(offsetMs), pollEveryMs, start, stop };
}
