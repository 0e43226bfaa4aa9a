import type { JetStreamClient } from '@nats-io/jetstream';
import type pg from 'pg';
import type { Logger } from './logger.js';
import { prom, type Metrics } from './metrics.js';
import { publishEvent } from './nats.js';
import { inTransaction, type Pool } from './postgres.js';

/**
 * The transactional outbox. A service writes its state change and the event describing it in ONE Postgres
 * transaction (`enqueueEvents`), so an event exists exactly when the change committed. The relay publishes
 * unpublished rows to JetStream with `Nats-Msg-Id` = event id and marks them only after the PubAck: a crash
 * between publish and mark republishes, and JetStream's duplicate window drops the repeat.
 *
 * The table, in the service's own schema (declare it in the service's drizzle schema):
 *   outbox(id bigserial primary key, event_id uuid not null unique, subject text not null, event_type text not null,
 *          payload bytea not null, correlation_id text, created_at timestamptz not null default now(),
 *          published_at timestamptz)  + a partial index on (id) where published_at is null
 */
export interface OutboxEvent {
  eventId: string;
  subject: string;
  eventType: string;
  payload: Uint8Array;
  correlationId?: string;
}

/** Inserts events inside the caller's transaction and wakes the relay (NOTIFY is delivered on commit). */
export async function enqueueEvents(client: pg.ClientBase, target: { table: string; channel: string }, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  const values: unknown[] = [];
  const rows = events.map((e, i) => {
    values.push(e.eventId, e.subject, e.eventType, Buffer.from(e.payload), e.correlationId ?? null);
    const b = i * 5;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
  });
  // One round trip: the data-modifying CTE always runs, and the notification is delivered at commit.
  values.push(target.channel);
  await client.query(
    `WITH ins AS (INSERT INTO ${target.table} (event_id, subject, event_type, payload, correlation_id) VALUES ${rows.join(', ')} RETURNING 1)
     SELECT pg_notify($${values.length}, '') FROM (SELECT count(*) FROM ins) AS c`,
    values,
  );
}

interface Row { id: number; event_id: string; subject: string; event_type: string; payload: Buffer; correlation_id: string | null }
/** A row JetStream acknowledged, at stream sequence `seq`. */
interface Acked { id: number; seq: number; correlationId: string | null }

export interface OutboxRelayOptions {
  pool: Pool;
  /** Schema-qualified table, e.g. `orders.outbox`. */
  table: string;
  /** LISTEN/NOTIFY channel the writers notify. */
  channel: string;
  /** The JetStream client once NATS is connected (null while it is not). */
  jetstream: () => JetStreamClient | null;
  logger: Logger;
  metrics: Metrics;
  batchSize?: number;
  /** Safety net for a missed notification (or one sent while the relay's LISTEN connection was down). */
  sweepMs?: number;
  /**
   * Also store each row's stream sequence from its PubAck in a `published_seq bigint` column (the table must
   * have it). Central's receipts name the highest stream sequence it committed, so a service that wants to know
   * which of its rows are safe at central needs the sequence each row landed at. A repeat inside the duplicate
   * window is acked with the first copy's sequence, so a republish after a crash records the right one.
   */
  recordSequence?: boolean;
  /**
   * Runs in the transaction that marks rows published, with the correlation ids of those rows: for work that
   * must see the new marks atomically (a receipt from central may have arrived before them).
   */
  onPublished?: (client: pg.PoolClient, correlationIds: string[]) => Promise<void>;
}

/**
 * Publishes outbox rows in id order, pipelined in batches (fsync-per-write JetStream is fast only with many
 * publishes in flight). Only one relay per table is active at a time (a session advisory lock), so replicas
 * of a service can run side by side. Survives NATS and Postgres outages: rows wait, the relay retries.
 */
export class OutboxRelay {
  private listener: pg.PoolClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private failures = 0;
  private gaugesAt = 0;
  private readonly batchSize: number;
  private readonly pending: prom.Gauge;
  private readonly oldest: prom.Gauge;
  private readonly published: prom.Counter;
  private readonly failed: prom.Counter;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 256;
    const labels = { outbox: options.table };
    const reg = [options.metrics.registry];
    this.pending = new prom.Gauge({ name: 'outbox_pending_events', help: 'Outbox rows not yet acknowledged by JetStream', labelNames: ['outbox'], registers: reg });
    this.oldest = new prom.Gauge({ name: 'outbox_oldest_pending_age_seconds', help: 'Age of the oldest unpublished outbox row', labelNames: ['outbox'], registers: reg });
    this.published = new prom.Counter({ name: 'outbox_published_events_total', help: 'Outbox rows published and acknowledged', labelNames: ['outbox'], registers: reg });
    this.failed = new prom.Counter({ name: 'outbox_publish_failures_total', help: 'Outbox publish attempts that failed (retried)', labelNames: ['outbox'], registers: reg });
    for (const m of [this.pending, this.oldest, this.published, this.failed]) m.labels(labels);
  }

  start(): this {
    void this.listen();
    this.schedule(0);
    return this;
  }

  /** Wakes the relay now (also called by NOTIFY). */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
    if (this.listener) {
      this.listener.removeAllListeners('notification');
      this.listener.release(true);
      this.listener = null;
    }
  }

  /** Publishes everything pending now; resolves when the outbox is empty or a publish failed. */
  async drain(): Promise<void> {
    const js = this.options.jetstream();
    if (!js) return;
    try {
      if (!(await this.ensureLeader())) return;
      for (;;) {
        const { rows } = await this.options.pool.query<Row>(
          `SELECT id, event_id, subject, event_type, payload, correlation_id FROM ${this.options.table}
            WHERE published_at IS NULL ORDER BY id LIMIT $1`,
          [this.batchSize],
        );
        if (rows.length === 0) break;
        const acked = await this.publishBatch(js, rows);
        if (acked.length > 0) {
          await this.markPublished(acked);
          this.published.inc({ outbox: this.options.table }, acked.length);
        }
        if (acked.length < rows.length) throw new Error(`${rows.length - acked.length} publishes failed`);
        if (rows.length < this.batchSize) break;
      }
      this.failures = 0;
    } catch (err) {
      this.failures++;
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.options.logger.warn('outbox relay will retry', { outbox: this.options.table, err: (err as Error).message, failures: this.failures });
      }
      this.schedule(Math.min(200 * 2 ** Math.min(this.failures, 4), 3_000));
    } finally {
      // At most once a second: on a busy box the relay drains after almost every order, and a count per drain
      // would cost a query per order.
      if (Date.now() - this.gaugesAt >= 1_000) {
        this.gaugesAt = Date.now();
        await this.updateGauges().catch(() => undefined);
      }
    }
  }

  private async markPublished(acked: Acked[]): Promise<void> {
    const ids = acked.map((a) => a.id);
    if (!this.options.recordSequence) {
      await this.options.pool.query(`UPDATE ${this.options.table} SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
      return;
    }
    const mark = (db: Pick<pg.ClientBase, 'query'>) => db.query(
      `UPDATE ${this.options.table} AS t SET published_at = now(), published_seq = a.seq
         FROM unnest($1::bigint[], $2::bigint[]) AS a(id, seq) WHERE t.id = a.id`,
      [ids, acked.map((a) => a.seq)],
    );
    const onPublished = this.options.onPublished;
    if (!onPublished) {
      await mark(this.options.pool);
      return;
    }
    const correlated = [...new Set(acked.flatMap((a) => (a.correlationId ? [a.correlationId] : [])))];
    await inTransaction(this.options.pool, async (client) => {
      await mark(client);
      if (correlated.length > 0) await onPublished(client, correlated);
    });
  }

  private async publishBatch(js: JetStreamClient, rows: Row[]): Promise<Acked[]> {
    const results = await Promise.allSettled(rows.map((r) => publishEvent(js, {
      subject: r.subject, eventId: r.event_id, eventType: r.event_type, payload: r.payload, correlationId: r.correlation_id ?? undefined,
    })));
    const acked: Acked[] = [];
    results.forEach((res, i) => {
      if (res.status === 'fulfilled') acked.push({ id: rows[i]!.id, seq: res.value.seq, correlationId: rows[i]!.correlation_id });
      else this.failed.inc({ outbox: this.options.table });
    });
    return acked;
  }

  private async ensureLeader(): Promise<boolean> {
    if (this.listener) return true;
    await this.listen();
    return this.listener !== null;
  }

  /** A dedicated connection holds the leader lock and LISTENs; losing it (Postgres restart) drops both. */
  private async listen(): Promise<void> {
    if (this.listener || this.stopped) return;
    let client: pg.PoolClient | null = null;
    try {
      client = await this.options.pool.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`outbox:${this.options.table}`]);
      if (!rows[0]?.ok) {
        client.release();
        return;
      }
      await client.query(`LISTEN ${this.options.channel}`);
      // Stopped while connecting (a service closed right after it started): stop() found no listener to
      // release, so this one must go now or the pool's end() waits for it forever.
      if (this.stopped) {
        client.release(true);
        return;
      }
      client.on('notification', () => this.kick());
      client.on('error', () => {
        this.listener?.release(true);
        this.listener = null;
      });
      this.listener = client;
    } catch (err) {
      client?.release(true);
      this.options.logger.warn('outbox listener unavailable', { outbox: this.options.table, err: (err as Error).message });
    }
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
      if (!this.timer) this.schedule(this.options.sweepMs ?? 1_000);
    }, ms);
  }

  private async updateGauges() {
    const { rows } = await this.options.pool.query<{ n: number; age: number | null }>(
      `SELECT count(*)::int AS n, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS age FROM ${this.options.table} WHERE published_at IS NULL`,
    );
    this.pending.set({ outbox: this.options.table }, rows[0]?.n ?? 0);
    this.oldest.set({ outbox: this.options.table }, rows[0]?.age ?? 0);
  }
}
