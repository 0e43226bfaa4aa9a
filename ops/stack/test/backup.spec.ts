import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { create, headers, pb, subjects, toBinary } from '@kiosk/contracts';
import { centralBackup, lastGoodBackup, startCentral, startPostgres, type Central, type PostgresServer } from '../src/index.js';
import { centralSql } from './central-support.js';

const storeId = 'b1';

/** An order as a store's uplink forwards it to the hub's SALES stream: what central-ingest commits. */
function orderEvent(n: number) {
  return create(pb.OrderCreatedSchema, {
    eventId: randomUUID(), globalId: randomUUID(), storeId, kioskId: 'k1', orderNumber: `B-${String(n).padStart(3, '0')}`, businessDay: '2026-11-26',
    mode: pb.OrderMode.TAKEAWAY, currency: 'IDR', subtotal: 10_000n, total: 10_000n, daySequence: BigInt(n), createdAt: new Date().toISOString(),
    lines: [{ productId: 'tea', name: 'Tea', quantity: 1, unitPrice: 10_000n, lineTotal: 10_000n }],
    payment: { paymentId: randomUUID(), method: pb.PaymentMethod.CASH, status: pb.PaymentStatus.PENDING, amount: 10_000n, currency: 'IDR' },
  });
}

describe('central backups: point-in-time recovery of central Postgres with pgBackRest', function () {
  this.timeout(300_000);
  let baseDir: string;
  let central: Central | null = null;
  let restored: PostgresServer | null = null;
  let nc: NatsConnection | null = null;
  let seq = 0;

  /** Publishes orders into the hub as the store's forwarder does and waits until central Postgres has them all. */
  async function commitAtCentral(from: number, count: number): Promise<string[]> {
    const js = jetstream(nc!);
    const events = Array.from({ length: count }, (_, i) => orderEvent(from + i));
    for (const e of events) {
      const h = natsHeaders();
      h.set(headers.storeSeq, String(++seq));
      await js.publish(subjects.orderCreated(storeId), toBinary(pb.OrderCreatedSchema, e), { msgID: e.eventId, headers: h });
    }
    const ids = events.map((e) => e.globalId);
    const committed = async () => (await centralSql<{ n: number }>(central!.databaseUrl, 'SELECT count(*)::int AS n FROM central.orders WHERE global_id = ANY($1)', [ids]))[0]!.n;
    const deadline = Date.now() + 60_000;
    while ((await committed()) < count && Date.now() < deadline) await sleep(200);
    expect(await committed(), 'orders committed at central').to.equal(count);
    return ids;
  }

  before(async () => {
    baseDir = mkdtempSync(join(tmpdir(), 'central-backup-'));
    chmodSync(baseDir, 0o755);
    // startCentral waits for the agent's first full backup; no timer-driven backup during the test.
    central = await startCentral({ stores: [storeId], baseDir, ingestReplicas: 1, backup: { agentEnv: { BACKUP_CHECK_SECONDS: '3600' } } });
    nc = await central.hub.connect();
  });

  after(async () => {
    await nc?.close();
    await central?.stop();
    await restored?.proc.stop();
    if (baseDir) rmSync(baseDir, { recursive: true, force: true });
  });

  it('restores central to the moment before a table was dropped by mistake: every order committed before it, none after', async () => {
    const backup = central!.backup!.pgbackrest;
    expect(lastGoodBackup((await backup.state()).backups, 'full'), 'the agent\'s first full backup').to.not.equal(null);

    // Orders after the full backup live only in the archived WAL: the restore must replay them.
    const before = await commitAtCentral(1, 25);
    const target = (await centralSql<{ t: string }>(central!.databaseUrl, "SELECT to_char(clock_timestamp(), 'YYYY-MM-DD HH24:MI:SS.US+00') AS t"))[0]!.t;
    await sleep(1_100);
    const after = await commitAtCentral(26, 5);
    await centralSql(central!.databaseUrl, 'DROP TABLE central.orders CASCADE');
    // Everything up to the mistake is archived before central stops (a loaded machine may not finish a
    // shutdown's last archive in time; a real restore after a crash would replay what was archived up to then).
    await backup.archiveNow();

    const dataDir = join(baseDir, 'postgres');
    const port = central!.postgres.port;
    await nc!.close();
    nc = null;
    await central!.stop();
    central = null;

    const t0 = Date.now();
    const pgbackrest = centralBackup(baseDir, port);
    await pgbackrest.restore(target);
    restored = await startPostgres({ dataDir, port, logFile: join(baseDir, 'logs', 'postgres-restored.log'), settings: pgbackrest.archiveSettings() });
    const url = restored.url('central');
    // Hot standby lets clients in once the backup is consistent, before the archived WAL is replayed: wait for the end of recovery.
    for (let i = 0; (await centralSql<{ r: boolean }>(url, 'SELECT pg_is_in_recovery() AS r'))[0]!.r; i++) {
      if (i > 600) throw new Error('central Postgres still in recovery after 60 s');
      await sleep(100);
    }
    const seconds = (Date.now() - t0) / 1000;
    console.log(`      restore to ${target} and recovery: ${seconds.toFixed(1)} s`);

    const present = async (ids: string[]) => (await centralSql<{ n: number }>(url, 'SELECT count(*)::int AS n FROM central.orders WHERE global_id = ANY($1)', [ids]))[0]!.n;
    expect(await present(before), 'orders committed before the target').to.equal(before.length);
    expect(await present(after), 'orders committed after the target').to.equal(0);
    const payments = await centralSql<{ n: number }>(url, 'SELECT count(*)::int AS n FROM central.payments WHERE global_id = ANY($1)', [before]);
    expect(payments[0]!.n, 'their payments').to.equal(before.length);
  });
});
