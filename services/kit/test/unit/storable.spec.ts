import { expect } from 'chai';
import { allTextStorable, isBusinessDay, isInstant, isStorableText, isUuid } from '../../src/storable.js';

describe('what Postgres can hold (storable)', () => {
  it('refuses NUL and lone surrogates in text, keeps emoji and line breaks', () => {
    expect(isStorableText('Es teh 🍹\nno ice')).to.equal(true);
    expect(isStorableText('a\u0000b')).to.equal(false);
    expect(isStorableText('bad \ud800 half')).to.equal(false);
    expect(allTextStorable({ lines: [{ name: 'ok' }, { name: 'x\udc00' }] })).to.equal(false);
  });

  it('takes only ISO instants and UUIDs', () => {
    expect(isInstant('2026-11-26T10:00:00.000Z')).to.equal(true);
    expect(isInstant('2026-11-26T10:00:00+07:00')).to.equal(true);
    expect(isInstant('yesterday')).to.equal(false);
    expect(isInstant('2026-13-45T99:00:00Z')).to.equal(false);
    expect(isUuid('3f2504e0-4f89-11d3-9a0c-0305e82c3301')).to.equal(true);
    expect(isUuid('not-a-uuid')).to.equal(false);
    expect(isBusinessDay('2026-11-26')).to.equal(true);
    expect(isBusinessDay('2026-1-26')).to.equal(false);
  });
});
