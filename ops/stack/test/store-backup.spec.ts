import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { backupStoreDatabase, restoreStoreDatabase, storeBackups, testbed } from '../src/index.js';

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe("the store database's nightly backup to a second disk path, rotated, and its restore", function () {
  this.timeout(120_000);
  let url: string;
  let dir: string;

  before(async () => {
    url = await (await testbed()).freshDatabase('storebackup');
    dir = mkdtempSync(join(tmpdir(), 'store-backups-'));
    await sql(url, 'CREATE SCHEMA orders; CREATE TABLE orders.orders (global_id uuid PRIMARY KEY, order_number text NOT NULL)');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps only the newest backups, and never counts a dump cut short as one', async () => {
    writeFileSync(join(dir, '.store-20261101T030000000Z.dump.partial'), 'a dump a power cut interrupted');
    for (let i = 0; i < 4; i++) await backupStoreDatabase({ databaseUrl: url, dir, keep: 2 });
    expect(storeBackups(dir)).to.have.length(2);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).to.deep.equal([]);
  });

  it('brings every order of the last backup back into a damaged database, and nothing written after it', async () => {
    await sql(url, "INSERT INTO orders.orders SELECT gen_random_uuid(), 'A-' || n FROM generate_series(1, 50) n");
    const file = await backupStoreDatabase({ databaseUrl: url, dir, keep: 2 });
    expect(storeBackups(dir)[0]).to.equal(file);
    await sql(url, "INSERT INTO orders.orders VALUES (gen_random_uuid(), 'A-51')");
    await sql(url, "DELETE FROM orders.orders WHERE order_number < 'A-3'");

    await restoreStoreDatabase(file, url);
    const rows = await sql<{ n: number; last: string }>(url, "SELECT count(*)::int AS n, count(*) FILTER (WHERE order_number = 'A-51')::int AS last FROM orders.orders");
    expect(rows[0]).to.deep.equal({ n: 50, last: 0 });
  });
});
