import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../src/index.js';

/** `make hub-config`: what a Compose deployment of central and its stores is configured with. */
describe('make hub-config renders central\'s store accounts, leaf users and TLS for Docker Compose', function () {
  this.timeout(60_000);
  const out = mkdtempSync(join(tmpdir(), 'hub-config-'));
  const run = (stores: string) => execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'ops/stack/src/cli/hub-config.ts')], {
    cwd: repoRoot, env: { ...process.env, STORES: stores, OUT: out, HOST: 'central.example.com' }, encoding: 'utf8',
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('gives each store its own leaf user in its own account, and each store a line with its link settings', () => {
    const printed = run('s1,s2');
    const accounts = readFileSync(join(out, 'conf', 'hub-accounts.conf'), 'utf8');
    const users = readFileSync(join(out, 'conf', 'hub-leaf-users.conf'), 'utf8');
    for (const [store, account] of [['s1', 'S1'], ['s2', 'S2']] as const) {
      expect(accounts).to.match(new RegExp(`\\b${account}\\s*[:{]`));
      expect(users).to.include(`leaf_${store}`);
      expect(printed).to.match(new RegExp(`store ${store} .*HUB_LEAF_URL=tls://leaf_${store}:[^@\\s]+@central\\.example\\.com:7422 .*UPLINK_CATALOG_SOURCE=CATALOG_TO_${account}`));
    }
    expect(readFileSync(join(out, 'tls', 'hub.pem'), 'utf8')).to.include('BEGIN CERTIFICATE');
  });

  it('keeps every existing password when a store is added', () => {
    const before = JSON.parse(readFileSync(join(out, 'conf', 'credentials.json'), 'utf8')) as { stores: Record<string, { password: string }> };
    run('s1,s2,s3');
    const after = JSON.parse(readFileSync(join(out, 'conf', 'credentials.json'), 'utf8')) as { stores: Record<string, { password: string }> };
    expect(after.stores.s1!.password).to.equal(before.stores.s1!.password);
    expect(after.stores.s2!.password).to.equal(before.stores.s2!.password);
    expect(after.stores.s3).to.exist;
  });
});
