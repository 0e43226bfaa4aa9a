import { expect } from 'chai';
import { changeEndsSessions } from '../../src/domain/sign-in.js';

describe("a change to a person's account", () => {
  it('ends their sessions on a new password, on disabling and on another role, and not otherwise', () => {
    const before = { role: 'menu' };
    expect(changeEndsSessions(before, { password: 'a-new-password' })).to.equal(true);
    expect(changeEndsSessions(before, { disabled: true })).to.equal(true);
    expect(changeEndsSessions(before, { role: 'finance' })).to.equal(true);
    expect(changeEndsSessions(before, { role: 'menu', disabled: false })).to.equal(false);
    expect(changeEndsSessions(before, {})).to.equal(false);
  });
});
