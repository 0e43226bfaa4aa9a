import { expect } from 'chai';
import { natsServers } from '../src/nats.js';

describe('natsServers: a NATS_URL with credentials', () => {
  it('hands the user and password over as options and strips them from every server URL', () => {
    expect(natsServers('nats://central-ingest:p%40ss@hub-1:4222,nats://central-ingest:p%40ss@hub-2:4222')).to.deep.equal({
      servers: ['nats://hub-1:4222', 'nats://hub-2:4222'], user: 'central-ingest', pass: 'p@ss',
    });
  });

  it('leaves a URL without credentials as it is and sets no user', () => {
    expect(natsServers('nats://127.0.0.1:4222, nats://127.0.0.1:4223')).to.deep.equal({ servers: ['nats://127.0.0.1:4222', 'nats://127.0.0.1:4223'] });
  });
});
