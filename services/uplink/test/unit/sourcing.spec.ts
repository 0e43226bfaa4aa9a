import { expect } from 'chai';
import { restartDue, sourceStalled } from '../../src/domain/sourcing.js';

const ms = (n: number) => n * 1e6;

describe('uplink: when a source from central is restarted', () => {
  it('calls a source stalled when it never heard from central or has been silent past the limit', () => {
    expect(sourceStalled({ activeNs: -1 })).to.equal(true);
    expect(sourceStalled({ activeNs: ms(900) })).to.equal(false);
    expect(sourceStalled({ activeNs: ms(3_001) })).to.equal(true);
    expect(sourceStalled({ activeNs: ms(1_500) }, { silentMs: 1_000, minGapMs: 0 })).to.equal(true);
  });

  it('restarts only while the link is up, and not again before the last restart had its chance', () => {
    expect(restartDue(false, Infinity)).to.equal(false);
    expect(restartDue(true, Infinity)).to.equal(true);
    expect(restartDue(true, 1_000)).to.equal(false);
    expect(restartDue(true, 3_000)).to.equal(true);
  });

  it('restarts ten times less often when the link state is unknown', () => {
    expect(restartDue(null, 3_000)).to.equal(false);
    expect(restartDue(null, 30_000)).to.equal(true);
  });
});
