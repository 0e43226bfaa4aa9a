import { expect } from 'chai';
import { offlineCardFailureRecord } from '../../src/domain/counter-events.js';

describe('a failed offline card as central files it', () => {
  it('files a decline by the acquirer as offline_card_declined and an unforwarded expiry as offline_card_expired', () => {
    expect(offlineCardFailureRecord('declined')).to.deep.equal({ conflictKind: 'offline_card_declined', paymentStatus: 'offline_declined' });
    expect(offlineCardFailureRecord('expired')).to.deep.equal({ conflictKind: 'offline_card_expired', paymentStatus: 'offline_expired' });
  });
});
