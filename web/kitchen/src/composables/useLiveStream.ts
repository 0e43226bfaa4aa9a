/**
 * Owns one socket.io connection to the store's hub and keeps a snapshot-plus-events view in sync with it.
 *
 * On every (re)connect it joins the room, reloads the HTTP snapshot and hands it over together with the events
 * that arrived while the snapshot was loading, so a display that was unplugged shows exactly the server's
 * state. The caller owns the merge rules (pure functions in src/lib); this composable owns only the lifecycle.
 */
import { onScopeDispose, readonly, ref, type Ref } from 'vue';
import { io, type Socket } from 'socket.io-client';
// Types only: the contracts module also holds zod schemas, which would add ~250 kB to a screen that never
// validates a request. The literal below is checked against the contract's value by the compiler.
import type { JoinAnswer, SocketRoom, socketEvents } from '@kiosk/contracts/api';
import { ApiError } from '../api/http.ts';

export type StreamState = 'idle' | 'loading' | 'live' | 'offline' | 'error';

export interface LiveStreamOptions<Snapshot, Event> {
  room: SocketRoom;
  /** The server event carrying updates for this room (`ticket` or `pickup`). */
  event: (typeof socketEvents)['ticket' | 'pickup'];
  /** Bearer token for rooms that need a paired device; null for the public pickup room. */
  token?: () => string | null;
  loadSnapshot: () => Promise<Snapshot>;
  onSnapshot: (snapshot: Snapshot, arrivedWhileLoading: Event[]) => void;
  onEvent: (event: Event) => void;
  /** The server refused the token: the device must pair again. */
  onUnauthorized?: () => void;
}

export interface LiveStream {
  state: Readonly<Ref<StreamState>>;
  /** When the last snapshot was applied (ms since epoch), for "last synced" hints. */
  syncedAt: Readonly<Ref<number | null>>;
  start: () => void;
  stop: () => void;
}

const joinEvent: (typeof socketEvents)['join'] = 'join';

/** The hub's answer to `join` (its acknowledgement). */

/** Retry delay for a join or snapshot that failed while the socket is up (a service restarting behind nginx). */
const retryMs = 1500;
const joinTimeoutMs = 5000;

export function useLiveStream<Snapshot, Event>(options: LiveStreamOptions<Snapshot, Event>): LiveStream {
  const state = ref<StreamState>('idle');
  const syncedAt = ref<number | null>(null);
  let socket: Socket | null = null;
  let buffer: Event[] | null = null;
  let loadGeneration = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function unauthorized(): void {
    stop();
    state.value = 'error';
    options.onUnauthorized?.();
  }

  /** Retries the join + snapshot after a transient failure, as long as the socket is up. */
  function retryLater(): void {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      if (socket?.connected) void joinAndResync();
    }, retryMs);
  }

  /**
   * Joins the room first, then reads the snapshot: an event committed after the read is then certain to
   * arrive on the socket (buffered meanwhile), so nothing falls between the two channels.
   */
  async function joinAndResync(): Promise<void> {
    const generation = ++loadGeneration;
    clearTimeout(retryTimer);
    buffer = [];
    if (state.value !== 'live') state.value = 'loading';
    try {
      const answer = (await socket?.timeout(joinTimeoutMs).emitWithAck(joinEvent, options.room)) as JoinAnswer | undefined;
      if (generation !== loadGeneration) return;
      if (answer?.ok === false) {
        if (answer.error.code === 'unauthorized') return unauthorized();
        throw new Error(answer.error.message);
      }
      const snapshot = await options.loadSnapshot();
      if (generation !== loadGeneration) return; // a newer reconnect superseded this load
      const arrived = buffer;
      buffer = null;
      options.onSnapshot(snapshot, arrived);
      syncedAt.value = Date.now();
      state.value = 'live';
    } catch (error) {
      if (generation !== loadGeneration) return;
      if (error instanceof ApiError && error.status === 401) return unauthorized();
      // Keep buffering: the events are still valid once a snapshot finally loads.
      state.value = socket?.connected ? 'error' : 'offline';
      retryLater();
    }
  }

  // The browser knows at once when its network is gone (cable pulled, Wi-Fi lost); socket.io alone would wait
  // for its ping timeout (~45 s) and keep showing "live" over stale tickets meanwhile.
  function wentOffline(): void {
    socket?.disconnect();
    state.value = 'offline';
  }
  function cameOnline(): void {
    if (socket && !socket.connected) socket.connect();
  }

  function start(): void {
    if (socket) return;
    window.addEventListener('offline', wentOffline);
    window.addEventListener('online', cameOnline);
    state.value = 'loading';
    const token = options.token?.() ?? null;
    socket = io({
      path: '/socket.io/',
      auth: token ? { token } : {},
      // A store LAN is short: come back fast after a service restart instead of socket.io's 5 s ceiling.
      reconnectionDelay: 300,
      reconnectionDelayMax: 2000,
      randomizationFactor: 0.3,
    });
    socket.on('connect', () => void joinAndResync());
    socket.on('disconnect', (reason) => {
      loadGeneration++;
      buffer = null;
      state.value = 'offline';
      // socket.io does not reconnect after the server dropped the socket (a revoked device, a service going
      // down): connect again, so the join says whether this display may still watch (or must pair again).
      if (reason === 'io server disconnect') {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => socket?.connect(), retryMs);
      }
    });
    socket.on('connect_error', (error: Error) => {
      if (/unauthori[sz]ed|invalid.token/i.test(error.message)) return unauthorized();
      state.value = 'offline';
    });
    socket.on(options.event, (payload: Event) => {
      if (buffer) buffer.push(payload);
      else options.onEvent(payload);
    });
  }

  function stop(): void {
    window.removeEventListener('offline', wentOffline);
    window.removeEventListener('online', cameOnline);
    loadGeneration++;
    clearTimeout(retryTimer);
    socket?.removeAllListeners();
    socket?.disconnect();
    socket = null;
    buffer = null;
    state.value = 'idle';
  }

  onScopeDispose(stop);
  return { state: readonly(state), syncedAt: readonly(syncedAt), start, stop };
}
