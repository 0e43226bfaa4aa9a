/**
 * The peer we are measured against: PouchDB's own offline-first sync. The same order documents our store took
 * offline sit in a PouchDB store database (LevelDB on disk, as PouchDB on a Node box keeps them); after the
 * "outage" one one-shot replication pushes them to a pouchdb-server style CouchDB endpoint (express-pouchdb in
 * a separate process on a random port). Timed: from replicate() until the target holds every document.
 * The target runs on LevelDB (pouchdb-server's default) and, for a floor, on the in-memory adapter.
 *
 * `node --import tsx bench/pouchdb.ts serve` is that target process (POUCH_PORT, POUCH_DIR, POUCH_ADAPTER).
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManagedProcess, freePort, httpOk, waitFor } from '@kiosk/stack';

/** The part of PouchDB's API used here. Typed by hand: @types/pouchdb pulls in undici-types, whose import of
 * 'buffer' then resolves to the npm `buffer` shim in node_modules and breaks Node's Buffer types elsewhere. */
interface PouchDatabase {
  bulkDocs(docs: object[]): Promise<({ ok: true } | { error: unknown })[]>;
  replicate: { to(target: string, opts: { batch_size: number }): Promise<{ ok: boolean; docs_written: number }> };
  close(): Promise<void>;
}
interface PouchStatic {
  new (name: string): PouchDatabase;
  plugin(plugin: unknown): PouchStatic;
  defaults(options: { adapter: string } | { prefix: string }): unknown;
}

const require = createRequire(import.meta.url);
const PouchDB = require('pouchdb') as PouchStatic;
type Adapter = 'leveldb' | 'memory';

export interface PouchRun {
  /** The target's storage adapter. */
  adapter: Adapter;
  /** One-shot replicate() from the store database until the target holds every document (null = failed). */
  replicateSeconds: number | null;
  docsWritten: number;
  targetDocCount: number;
  docsPerSecond: number | null;
}

export interface PouchReplication {
  docs: number;
  avgDocBytes: number;
  /** Writing the documents into the store's PouchDB (bulkDocs, 500 at a time): the "offline" part, not compared. */
  storeLoadSeconds: number;
  batchSize: number;
  leveldb: PouchRun;
  memory: PouchRun;
  versions: { pouchdb: string; expressPouchdb: string };
  note: string;
}

/** Replicates `docs` from a fresh LevelDB store database to a fresh target of each adapter. */
export async function benchPouchReplication(docs: { _id: string }[], batchSize = Number(process.env.BENCH_POUCH_BATCH ?? 100)): Promise<PouchReplication> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pouchdb-'));
  try {
    const store = new PouchDB(join(dir, 'store-orders'));
    const loadStarted = performance.now();
    for (let i = 0; i < docs.length; i += 500) {
      const results = await store.bulkDocs(docs.slice(i, i + 500));
      const failed = results.filter((r) => 'error' in r);
      if (failed.length) throw new Error(`store database refused ${failed.length} documents: ${JSON.stringify(failed[0])}`);
    }
    const storeLoadSeconds = (performance.now() - loadStarted) / 1000;
    const runs: Record<Adapter, PouchRun> = {
      leveldb: await replicateOnce(store, 'leveldb', join(dir, 'target-leveldb'), docs.length, batchSize),
      memory: await replicateOnce(store, 'memory', join(dir, 'target-memory'), docs.length, batchSize),
    };
    await store.close();
    return {
      docs: docs.length, avgDocBytes: Math.round(docs.reduce((n, d) => n + JSON.stringify(d).length, 0) / Math.max(1, docs.length)),
      storeLoadSeconds: round2(storeLoadSeconds), batchSize, ...runs,
      versions: { pouchdb: packageVersion('pouchdb'), expressPouchdb: packageVersion('express-pouchdb') },
      note: 'PouchDB/LevelDB writes are not fsynced one by one and the target is a single process; our path fsyncs every message on the store and on 3 hub nodes and commits each order in central Postgres, then sends receipts back.',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function replicateOnce(store: PouchDatabase, adapter: Adapter, dataDir: string, expected: number, batchSize: number): Promise<PouchRun> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = new ManagedProcess(`pouchdb-${adapter}`, process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve'], {
    logFile: `${dataDir}.log`, env: { PATH: process.env.PATH ?? '', POUCH_PORT: String(port), POUCH_DIR: dataDir, POUCH_ADAPTER: adapter },
  }).start();
  try {
    await waitFor(`pouchdb-server (${adapter})`, () => httpOk(url), 30_000, server);
    const target = `${url}/orders`;
    const started = performance.now();
    const result = await store.replicate.to(target, { batch_size: batchSize });
    const info = (await (await fetch(target)).json()) as { doc_count: number };
    const seconds = (performance.now() - started) / 1000;
    const complete = result.ok && info.doc_count === expected;
    return {
      adapter, replicateSeconds: complete ? round2(seconds) : null, docsWritten: result.docs_written, targetDocCount: info.doc_count,
      docsPerSecond: complete ? Math.round(expected / seconds) : null,
    };
  } finally {
    await server.stop();
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const packageVersion = (name: string) => (require(`${name}/package.json`) as { version: string }).version;

/** The target: express-pouchdb over PouchDB with the chosen adapter, the way pouchdb-server runs it. */
function serve(): void {
  const adapter = (process.env.POUCH_ADAPTER ?? 'leveldb') as Adapter;
  const dir = process.env.POUCH_DIR ?? mkdtempSync(join(tmpdir(), 'pouchdb-server-'));
  mkdirSync(dir, { recursive: true }); // LevelDB creates each database's folder, not the prefix above it
  if (adapter === 'memory') PouchDB.plugin(require('pouchdb-adapter-memory'));
  const Db = PouchDB.defaults(adapter === 'memory' ? { adapter: 'memory' } : { prefix: `${dir}/` });
  const expressPouchDB = require('express-pouchdb') as (db: unknown, opts: object) => Parameters<typeof createServer>[1];
  // minimumForPouchDB: the routes replication needs, none of Fauxton or the config file on disk.
  const app = expressPouchDB(Db, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: `${dir}.express-pouchdb.log` });
  createServer(app).listen(Number(process.env.POUCH_PORT), '127.0.0.1');
}

if (process.argv[2] === 'serve' && process.argv[1] === fileURLToPath(import.meta.url)) serve();
