import type { Server as HttpServer } from 'node:http';
import { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { socketEvents, socketRooms, type JoinAnswer, type SocketRoom } from '@kiosk/contracts';
import type { DeviceRegistry, Logger } from '@kiosk/kit';
import type { TicketNotifier } from '../app/ticket.service.js';
import { RecoveringRedisAdapter } from '../adapters/recovering-redis.adapter.js';
import { toPickupEvent, toTicketView, type Ticket } from '../domain/ticket.js';

type JoinAck = (answer: JoinAnswer) => void;

/**
 * The socket.io hub: kitchen displays (paired devices) and pickup boards join their room and get every ticket
 * change after it committed. Redis fans the emits out to the other kitchen instances; it is an optional extra:
 * with Redis down, emits still reach this instance's clients (the adapter delivers locally first, and a failed
 * publish is dropped instead of queued or thrown).
 */
export class SocketHub implements TicketNotifier {
  readonly io: Server;
  private readonly redis: Redis[] = [];

  private readonly recheckTimer: NodeJS.Timeout;

  constructor(private readonly deps: { registry: DeviceRegistry; redisUrl?: string; logger: Logger; recheckEveryMs?: number }) {
    this.io = new Server({
      path: '/socket.io/',
      serveClient: false,
      // A display that drops off the Wi-Fi for up to two minutes gets what it missed instead of a blank start.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
    });
    if (deps.redisUrl) this.useRedis(deps.redisUrl);
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.recheckTimer = setInterval(() => void this.recheckAll(), deps.recheckEveryMs ?? 60_000).unref();
  }

  attach(server: HttpServer): void {
    this.io.attach(server);
  }

  ticketChanged(ticket: Ticket): void {
    this.io.to('kitchen').emit(socketEvents.ticket, toTicketView(ticket));
    this.io.to('pickup').emit(socketEvents.pickup, toPickupEvent(ticket));
  }

  /** A revoked device's live sockets (on every kitchen instance, through the adapter) are dropped at once. */
  dropDevice(deviceId: string): void {
    this.io.in(deviceRoom(deviceId)).disconnectSockets(true);
  }

  async close(): Promise<void> {
    clearInterval(this.recheckTimer);
    this.io.disconnectSockets(true);
    this.io.engine?.close();
    // quit() waits for Redis; a client that is not connected (Redis down) would wait forever, so just drop it.
    await Promise.all(this.redis.map((r) => (r.status === 'ready' ? r.quit().catch(() => r.disconnect()) : r.disconnect())));
  }

  private onConnection(socket: Socket): void {
    // A recovered connection gets its rooms back without a join (and without middlewares): its token is
    // checked again here, so a display revoked or expired while it was away does not slip back in.
    if (socket.recovered && socket.rooms.has('kitchen')) void this.recheck(socket);
    socket.on(socketEvents.join, (room: unknown, ack?: unknown) => {
      const reply: JoinAck = typeof ack === 'function' ? (ack as JoinAck) : () => undefined;
      this.join(socket, room).then(reply, (err: unknown) => {
        this.deps.logger.warn('socket join failed', { err: (err as Error).message });
        reply({ ok: false, error: { code: 'internal', message: 'could not join, try again' } });
      });
    });
  }

  private async join(socket: Socket, room: unknown): Promise<Parameters<JoinAck>[0]> {
    if (!socketRooms.includes(room as SocketRoom)) {
      return { ok: false, error: { code: 'unknown_room', message: `rooms are ${socketRooms.join(', ')}` } };
    }
    if (room === 'kitchen') {
      const device = await this.deps.registry.authenticate(tokenOf(socket));
      if (!device || device.role !== 'kitchen') {
        return { ok: false, error: { code: 'unauthorized', message: 'pair this display first and connect with auth: { token }' } };
      }
      await socket.join(deviceRoom(device.id));
    }
    await socket.join(room as SocketRoom);
    return { ok: true, room: room as SocketRoom };
  }

  /** Every display of this instance's kitchen room, checked again (each instance checks its own sockets). */
  private async recheckAll(): Promise<void> {
    const displays = [...this.io.of('/').sockets.values()].filter((socket) => socket.rooms.has('kitchen'));
    for (const socket of displays) await this.recheck(socket);
  }

  private async recheck(socket: Socket): Promise<void> {
    const device = await this.deps.registry.authenticate(tokenOf(socket)).catch(() => 'unknown' as const);
    // A database hiccup is no reason to drop a display: only a token known to be dead is.
    if (device === 'unknown' || device?.role === 'kitchen') return;
    this.deps.logger.warn('socket dropped: its device token is no longer valid', { socketId: socket.id });
    socket.disconnect(true);
  }

  private useRedis(url: string): void {
    // Publisher: fail fast while Redis is down (no offline queue), never throw into the emit path.
    const pub = this.connect(url, 'kitchen-socket-pub', { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    const publish = pub.publish.bind(pub);
    pub.publish = ((channel: string, message: string | Buffer) => publish(channel, message).catch(() => 0)) as typeof pub.publish;
    // Subscriber: its (p)subscribe waits for Redis and is restored on every reconnect.
    const sub = this.connect(url, 'kitchen-socket-sub', { maxRetriesPerRequest: null });
    this.io.adapter(RecoveringRedisAdapter.using(pub, sub));
  }

  private connect(url: string, name: string, opts: { enableOfflineQueue?: boolean; maxRetriesPerRequest: number | null }): Redis {
    const client = new Redis(url, { connectionName: name, connectTimeout: 2_000, retryStrategy: (n) => Math.min(n * 200, 2_000), ...opts });
    let down = false;
    client.on('error', (err: Error) => {
      if (!down) this.deps.logger.warn('socket.io redis unavailable, fan-out is local only', { client: name, err: err.message });
      down = true;
    });
    client.on('ready', () => {
      if (down) this.deps.logger.info('socket.io redis back', { client: name });
      down = false;
    });
    this.redis.push(client);
    return client;
  }
}

const tokenOf = (socket: Socket): unknown => (socket.handshake.auth as { token?: unknown }).token;
const deviceRoom = (deviceId: string) => `device:${deviceId}`;
