import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors } from '@nats-io/transport-node';
import { connectNats, createLogger, type Nats } from '@kiosk/kit';
import { freePort, startNats, waitFor, type NatsServer } from '../src/index.js';
import { LossyLink } from './lossy-link.js';

/**
 * A nats-server too busy to read a client's CONNECT within its login timeout closes the connection with
 * "Authentication Timeout", which nats.js counts as an authorization error; after two in a row it stopped
 * reconnecting for good, and the service ran on without NATS until restarted (a hundred fleet stores' uplinks
 * on one machine lost their stores' streams that way). Here a slow line makes every login miss a real
 * nats-server's timeout for a while: every service's connection (the kit's connectNats) must come back after.
 */
describe('a service connection through logins that time out (real nats-server)', function () {
  this.timeout(90_000);
  let dir: string;
  let server: NatsServer | null = null;
  let link: LossyLink | null = null;
  let nats: Nats | null = null;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nats-login-'));
    const [port, monitorPort] = [await freePort(), await freePort()];
    const configFile = join(dir, 'nats.conf');
    // A login must complete within 200 ms: on loopback it takes well under one.
    writeFileSync(configFile, 'listen: $NATS_LISTEN\nhttp: $NATS_MONITOR_LISTEN\njetstream { store_dir: $NATS_STORE_DIR }\n'
      + 'authorization { user: svc, password: s3cret, timeout: 0.2 }\n');
    server = await startNats({
      configFile, port, monitorPort, storeDir: join(dir, 'js'), serverName: 'login-test', logFile: join(dir, 'nats.log'), env: {},
      credentials: { user: 'svc', password: 's3cret' },
    });
    link = await new LossyLink({ host: '127.0.0.1', port }).start();
    link.heal();
  });

  after(async () => {
    await nats?.nc.close();
    await link?.close();
    await server?.proc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps reconnecting after refused logins and works once they succeed again', async () => {
    nats = await connectNats({ servers: `nats://svc:s3cret@127.0.0.1:${link!.port}`, name: 'login-test', logger: createLogger({ service: 'login-test', storeId: 'test', level: 'error' }) });
    const refused: string[] = [];
    void (async () => {
      for await (const s of nats!.nc.status()) if (s.type === 'error' && s.error instanceof errors.AuthorizationError) refused.push(s.error.message);
    })();

    // 300 ms each way: the CONNECT reaches the server after its 200 ms login timeout, every time.
    link!.delayMs = [300, 300];
    link!.dropAll();
    await waitFor('three logins refused, or the client closed', async () => refused.length >= 3 || nats!.nc.isClosed(), 30_000);
    expect(nats.nc.isClosed(), 'the client gave up reconnecting').to.equal(false);
    expect(refused[0]!.toLowerCase()).to.include('authentication timeout');

    link!.heal();
    await waitFor('the connection back', async () => !nats!.nc.isClosed() && (await nats!.nc.flush().then(() => true, () => false)), 45_000);
    // And JetStream through it, as the services use it.
    await nats.jsm.streams.add({ name: 'LOGIN_TEST', subjects: ['login.test'] });
    expect((await nats.js.publish('login.test', 'after the refusals')).seq).to.equal(1);
  });
});
