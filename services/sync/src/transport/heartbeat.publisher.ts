import { subjects, toBinary, pb } from '@kiosk/contracts';
import { errorFields, publishEvent, type Logger, type Nats } from '@kiosk/kit';
import { heartbeatOf, type SyncSnapshot } from '../domain/sync-status.js';

/**
 * Publishes a heartbeat every `everyMs` into the store's TELEMETRY stream; the uplink forwards it to central,
 * and during a cut the heartbeats wait there (central then sees the gap and the catch-up). The stream is
 * declared by the uplink (with the kit's store stream settings): on a box without a hub it does not exist and a
 * heartbeat has nowhere to go, so a failed publish is logged (first and every 60th) and the next one tries again.
 */
export class HeartbeatPublisher {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private failures = 0;
  /** Heartbeats acknowledged by JetStream (what the tests and /metrics can read). */
  sent = 0;

  constructor(private readonly deps: {
    storeId: string; everyMs: number; nats: () => Nats | null; snapshot: () => Promise<SyncSnapshot>; logger: Logger;
  }) {}

  start(): this {
    if (this.deps.everyMs === 0) return this; // heartbeats switched off (HEARTBEAT_MS=0)
    this.timer = setInterval(() => {
      if (!this.inFlight) this.inFlight = this.beat().finally(() => { this.inFlight = null; });
    }, this.deps.everyMs);
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.inFlight;
  }

  private async beat(): Promise<void> {
    const nats = this.deps.nats();
    if (!nats) return;
    try {
      const hb = heartbeatOf(await this.deps.snapshot());
      await publishEvent(nats.js, {
        subject: subjects.heartbeat(this.deps.storeId), eventId: `heartbeat:${hb.storeId}:${hb.sentAt}`,
        eventType: pb.HeartbeatSchema.typeName, payload: toBinary(pb.HeartbeatSchema, hb),
      }, { timeoutMs: 2_000 });
      this.sent++;
      this.failures = 0;
    } catch (err) {
      this.failures++;
      if (this.failures === 1 || this.failures % 60 === 0) this.deps.logger.warn('heartbeat not stored', { failures: this.failures, ...errorFields(err) });
    }
  }
}
