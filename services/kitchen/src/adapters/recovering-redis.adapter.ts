import { RedisAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';

type SessionToPersist = Parameters<RedisAdapter['persistSession']>[0];
type Session = Awaited<ReturnType<RedisAdapter['restoreSession']>>;
type BroadcastOpts = Parameters<RedisAdapter['broadcast']>[1];
interface StoredPacket { id: string; opts: BroadcastOpts; data: unknown[]; emittedAt: number }

/**
 * The Redis pub/sub adapter (fan-out between kitchen instances) plus connection-state recovery. The stock
 * RedisAdapter stores no sessions, so `connectionStateRecovery` silently never recovers with it. This keeps what
 * socket.io's SessionAwareAdapter keeps (sessions and the packets broadcast from this instance, for
 * `maxDisconnectionDuration`), so a display that reconnects to the same instance gets what it missed. On a
 * single-instance store box that is every packet; with several instances, a client whose missed packets came
 * from another instance is not recovered and refetches its snapshot (socket.recovered === false).
 */
export class RecoveringRedisAdapter extends RedisAdapter {
  private readonly sessions = new Map<string, SessionToPersist & { disconnectedAt: number }>();
  private readonly packets: StoredPacket[] = [];
  private readonly maxDisconnectionMs: number;
  private offsetSeq = 0;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- socket.io types its namespace as any here
  constructor(nsp: any, pub: Redis, sub: Redis) {
    super(nsp, pub, sub);
    const recovery = (nsp as { server: { opts: { connectionStateRecovery?: { maxDisconnectionDuration?: number } } } }).server.opts.connectionStateRecovery;
    this.maxDisconnectionMs = recovery?.maxDisconnectionDuration ?? 2 * 60 * 1000;
    setInterval(() => this.forgetExpired(), 60_000).unref();
  }

  /** A factory for `io.adapter(...)` (socket.io calls it with `new`). */
  static using(pub: Redis, sub: Redis) {
    return class extends RecoveringRedisAdapter {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
      constructor(nsp: any) {
        super(nsp, pub, sub);
      }
    };
  }

  override persistSession(session: SessionToPersist): void {
    this.sessions.set(session.pid, { ...session, disconnectedAt: Date.now() });
  }

  override restoreSession(pid: string, offset: string): Promise<Session> {
    const session = this.sessions.get(pid);
    this.sessions.delete(pid);
    const index = this.packets.findIndex((p) => p.id === offset);
    // The contract of the base class is "resolve null when it cannot be recovered", despite its type.
    if (!session || session.disconnectedAt + this.maxDisconnectionMs < Date.now() || index === -1) return Promise.resolve(null as unknown as Session);
    const { disconnectedAt: _gone, ...rest } = session;
    const missedPackets = this.packets.slice(index + 1).filter((p) => reaches(session.rooms, p.opts)).map((p) => p.data);
    return Promise.resolve({ ...rest, missedPackets });
  }

  override broadcast(packet: { type: number; id?: number; data: unknown[] }, opts: BroadcastOpts): void {
    // Events without acks and not volatile get an offset (last element of data: the client remembers it).
    if (packet.type === 2 && packet.id === undefined && opts.flags?.volatile === undefined) {
      const id = `${Date.now().toString(36)}.${(this.offsetSeq++).toString(36)}`;
      packet.data.push(id);
      this.packets.push({ id, opts, data: packet.data, emittedAt: Date.now() });
    }
    super.broadcast(packet, opts);
  }

  private forgetExpired() {
    const threshold = Date.now() - this.maxDisconnectionMs;
    for (const [pid, s] of this.sessions) if (s.disconnectedAt < threshold) this.sessions.delete(pid);
    const firstFresh = this.packets.findIndex((p) => p.emittedAt >= threshold);
    this.packets.splice(0, firstFresh === -1 ? this.packets.length : firstFresh);
  }
}

function reaches(sessionRooms: string[], opts: BroadcastOpts): boolean {
  const included = opts.rooms.size === 0 || sessionRooms.some((room) => opts.rooms.has(room));
  return included && sessionRooms.every((room) => !opts.except?.has(room));
}
