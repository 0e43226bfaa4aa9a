import { expect } from 'chai';
import { streams } from '@kiosk/contracts';
import { downStoreStreams, hubStoreStreams, streamMatches } from '../../src/hub-streams.js';

describe('hub stream declaration', () => {
  const [sales] = hubStoreStreams('s7');

  it('leaves a stream alone whose config has every field the declaration sets, whatever else the server added', () => {
    expect(streamMatches({ ...sales!, first_seq: 1, sealed: false, metadata: { _nats: 'x' } }, sales!)).to.equal(true);
  });

  it('updates a stream that differs in any declared field, nested ones included', () => {
    expect(streamMatches({ ...sales!, max_age: sales!.max_age! / 2 }, sales!)).to.equal(false);
    expect(streamMatches({ ...sales!, subjects: [...sales!.subjects!, 'other.>'] }, sales!)).to.equal(false);
    const { duplicate_window: _dropped, ...missing } = sales!;
    expect(streamMatches(missing, sales!)).to.equal(false);
  });

  it('keeps three copies of what holds money or decisions and one of what is rebuilt or replaced within seconds', () => {
    const copies = Object.fromEntries([...hubStoreStreams('s7'), ...downStoreStreams('s7')].map((s) => [s.name, s.num_replicas]));
    expect(copies).to.deep.equal({
      [streams.sales('s7')]: 3, [streams.kitchen('s7')]: 3, CENTRAL_TO_S7: 3,
      [streams.telemetry('s7')]: 1, CATALOG_TO_S7: 1,
    });
  });
});
