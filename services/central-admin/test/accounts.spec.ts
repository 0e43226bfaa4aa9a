import { expect } from 'chai';
import { Caller, startAdmin, type Running } from './support.js';

describe("central-admin: changing a person's account", function () {
  this.timeout(120_000);
  let running: Running;
  let owner: Caller;

  before(async () => {
    ({ running } = await startAdmin());
    owner = await Caller.signIn(running.url, 'owner', 'owner-demo');
  });

  after(async () => {
    await running?.close();
  });

  it('keeps their sessions on a new name, ends them on another role, and audits each change with before and after', async () => {
    const made = await owner.call('POST', '/api/admin/users', { username: 'dewi', displayName: 'Dewi', role: 'menu', password: 'dewi-password-1' });
    expect(made.status).to.equal(201);
    const id = made.body.id as number;
    expect(new Date(made.body.createdAt as string).toISOString()).to.equal(made.body.createdAt);
    const dewi = await Caller.signIn(running.url, 'dewi', 'dewi-password-1');
    expect((await dewi.call('GET', '/api/admin/catalog')).status).to.equal(200);

    const renamed = await owner.call('PATCH', `/api/admin/users/${id}`, { displayName: 'Dewi S.' });
    expect(renamed.status).to.equal(200);
    expect(renamed.body).to.include({ id, username: 'dewi', displayName: 'Dewi S.', role: 'menu', disabled: false });
    expect(renamed.body.lastLoginAt).to.be.a('string');
    expect((await dewi.call('GET', '/api/admin/catalog')).status).to.equal(200);

    const unchanged = await owner.call('PATCH', `/api/admin/users/${id}`, {});
    expect(unchanged.status).to.equal(200);
    expect(unchanged.body).to.include({ displayName: 'Dewi S.', role: 'menu' });

    const promoted = await owner.call('PATCH', `/api/admin/users/${id}`, { role: 'finance' });
    expect(promoted.body).to.include({ role: 'finance' });
    expect((await dewi.call('GET', '/api/admin/catalog')).status).to.equal(401);
    expect((await owner.call('PATCH', '/api/admin/users/99999', { displayName: 'Nobody' })).status).to.equal(404);

    const audit = await owner.call('GET', '/api/admin/audit?entityType=user');
    const entries = (audit.body.entries as { action: string; entityId: string; at: string; before: { role: string } | null; after: { role: string } }[]).filter((e) => e.entityId === String(id));
    expect(entries.map((e) => [e.action, e.entityId])).to.deep.equal([['update', String(id)], ['update', String(id)], ['update', String(id)], ['create', String(id)]]);
    expect([entries[0]!.before!.role, entries[0]!.after.role]).to.deep.equal(['menu', 'finance']);
    expect(new Date(entries[0]!.at).toISOString()).to.equal(entries[0]!.at);
  });
});
