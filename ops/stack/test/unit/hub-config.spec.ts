import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubStreams } from '@kiosk/contracts';
import { repoRoot, type HubCredentials } from '../../src/index.js';

/** `make hub-config`: what a Compose deployment of central and its stores is configured with. */
describe('make hub-config renders central\'s store accounts with their leaf users, and TLS, for Docker Compose', function () {
  this.timeout(60_000);
  const out = mkdtempSync(join(tmpdir(), 'hub-config-'));
  const run = (stores: string) => execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'ops/stack/src/cli/hub-config.ts')], {
    cwd: repoRoot, env: { ...process.env, STORES: stores, OUT: out, HOST: 'central.example.com' }, encoding: 'utf8',
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('gives each store its own leaf user in its own account, and each store a line with its link settings', () => {
    const printed = run('s1,s2');
    const accounts = readFileSync(join(out, 'conf', 'hub-accounts.conf'), 'utf8');
    for (const [store, account] of [['s1', 'S1'], ['s2', 'S2']] as const) {
      // The leaf user sits in its store's account, allowed to connect as a leaf node only.
      expect(accounts).to.match(new RegExp(`\\b${account}: \\{\\n  users: \\[\\{user: "leaf_${store}", password: "[^"]+", allowed_connection_types: \\["LEAFNODE"\\]\\}\\]`));
      expect(printed).to.match(new RegExp(`store ${store} .*HUB_LEAF_URL=tls://leaf_${store}:[^@\\s]+@central\\.example\\.com:7422 .*UPLINK_CATALOG_SOURCE=${hubStreams.catalogToStore(store)}`));
    }
    expect(readFileSync(join(out, 'tls', 'hub.pem'), 'utf8')).to.include('BEGIN CERTIFICATE');
  });

  it('keeps only bcrypt hashes in what the hub reads, and the CA key out of the folder its nodes mount', () => {
    const creds = JSON.parse(readFileSync(join(out, 'secrets', 'credentials.json'), 'utf8')) as HubCredentials;
    const conf = readdirSync(join(out, 'conf')).map((f) => readFileSync(join(out, 'conf', f), 'utf8')).join('\n');
    const passwords = [creds.hub, creds.system, ...Object.values(creds.services), ...Object.values(creds.stores)].map((c) => c.password);
    expect(passwords).to.have.length(7);
    for (const p of passwords) expect(conf, 'a plain password in the hub config').to.not.include(p);
    expect(conf.match(/password: "\$2[ab]\$04\$/g), 'one bcrypt hash per user').to.have.length(7);
    expect(readdirSync(join(out, 'tls')).sort()).to.deep.equal(['ca.pem', 'hub.key', 'hub.pem']);
    expect(readFileSync(join(out, 'ca', 'ca.key'), 'utf8')).to.include('PRIVATE KEY');
  });

  it('is ignored by git and left out of every docker build context', () => {
    const ignored = (file: string) => execFileSync('git', ['check-ignore', '--no-index', '-q', file], { cwd: repoRoot, stdio: 'pipe' });
    expect(() => ignored('hub-config/secrets/credentials.json')).to.not.throw();
    const dockerignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const pattern of ['hub-config', '**/*.key', '**/secrets', '**/credentials.json']) expect(dockerignore, pattern).to.include(pattern);
  });

  it('keeps every existing password when a store is added', () => {
    const before = JSON.parse(readFileSync(join(out, 'secrets', 'credentials.json'), 'utf8')) as { stores: Record<string, { password: string }> };
    run('s1,s2,s3');
    const after = JSON.parse(readFileSync(join(out, 'secrets', 'credentials.json'), 'utf8')) as { stores: Record<string, { password: string }> };
    expect(after.stores.s1!.password).to.equal(before.stores.s1!.password);
    expect(after.stores.s2!.password).to.equal(before.stores.s2!.password);
    expect(after.stores.s3).to.exist;
  });
});
