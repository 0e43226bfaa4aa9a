import { expect } from 'chai';
import { hubStoreStreams, streamMatches } from '../../src/hub-streams.js';

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
});
