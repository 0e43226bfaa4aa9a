import { expect } from 'chai';
import { goDurationMs, LinkWatch } from '../../src/domain/link-watch.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s));

describe('link watch (domain)', () => {
  it('keeps the time the link was first seen in its state until the state changes', () => {
    const watch = new LinkWatch();
    expect(watch.observe(true, at(0))).to.deep.equal(at(0));
    expect(watch.observe(true, at(5))).to.deep.equal(at(0));
    expect(watch.observe(false, at(10))).to.deep.equal(at(10));
    expect(watch.observe(false, at(15))).to.deep.equal(at(10));
    expect(watch.observe(true, at(20))).to.deep.equal(at(20));
  });

  it('has no "since" for an unknown link, and a monitor hiccup does not restart the clock of a link that stayed up', () => {
    const watch = new LinkWatch();
    expect(watch.observe(null, at(0))).to.equal(null);
    expect(watch.observe(true, at(5))).to.deep.equal(at(5));
    expect(watch.observe(null, at(10))).to.equal(null);
    expect(watch.observe(true, at(15))).to.deep.equal(at(5));
  });

  it("reads nats-server's round trips (Go durations) in milliseconds", () => {
    expect(goDurationMs('1.52ms')).to.equal(1.5);
    expect(goDurationMs('830µs')).to.equal(0.8);
    expect(goDurationMs('830us')).to.equal(0.8);
    expect(goDurationMs('2.1s')).to.equal(2100);
    expect(goDurationMs('1m3.5s')).to.equal(63_500);
    expect(goDurationMs('0s')).to.equal(0);
    for (const bad of [undefined, '', 'fast', '12', '1.5 ms', 12]) expect(goDurationMs(bad), String(bad)).to.equal(null);
  });
});
