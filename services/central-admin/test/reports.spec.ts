import { expect } from 'chai';
import { avgTicket, dayRange, kitchenRows, prepPercentile, salesQuery, salesTotals, toCsv } from '../src/domain/reports.js';
import { reviewStatus, resolveRequest } from '../src/domain/conflict-review.js';
import { lockoutMessage, throttle } from '../src/domain/sign-in.js';

describe('report rules', () => {
  it('averages a ticket in whole rupiah, rounding half up, and is 0 without orders', () => {
    expect(avgTicket(100, 3)).to.equal(33);
    expect(avgTicket(5, 2)).to.equal(3);
    expect(avgTicket(0, 0)).to.equal(0);
  });

  it('totals sales rows exactly in integer minor units', () => {
    const row = { orders: 3, gross: 100_001, tax: 9_091, serviceCharge: 0, net: 90_910, refunds: 0, refundsAmount: 0 };
    expect(salesTotals([row, row])).to.deep.equal({ orders: 6, gross: 200_002, tax: 18_182, serviceCharge: 0, net: 181_820, refunds: 0, refundsAmount: 0, sales: 200_002, avgTicket: 33_334 });
  });

  it('nets refunds out of sales to the rupiah, keeping the average ticket of the orders as taken', () => {
    const taken = { orders: 2, gross: 50_001, tax: 0, serviceCharge: 0, net: 50_001, refunds: 0, refundsAmount: 0 };
    const refundOnly = { orders: 0, gross: 0, tax: 0, serviceCharge: 0, net: 0, refunds: 1, refundsAmount: 12_345 };
    expect(salesTotals([taken, refundOnly])).to.deep.include({ gross: 50_001, refunds: 1, refundsAmount: 12_345, sales: 37_656, avgTicket: 25_001 });
  });

  it('reads p50 and p90 prep times off the histogram as the edge by which that share of tickets was ready', () => {
    // 10 tickets: 4 ready within 45 s, 5 within 95 s, 1 within 720 s.
    const buckets = [{ withinSeconds: 720, tickets: 1 }, { withinSeconds: 45, tickets: 4 }, { withinSeconds: 95, tickets: 5 }, { withinSeconds: 300, tickets: 0 }];
    expect(prepPercentile(buckets, 0.5)).to.equal(95);
    expect(prepPercentile(buckets, 0.4), 'exactly 40% within 45 s').to.equal(45);
    expect(prepPercentile(buckets, 0.9)).to.equal(95);
    expect(prepPercentile(buckets, 0.91)).to.equal(720);
    expect(prepPercentile([], 0.5), 'no ticket, no figure').to.equal(null);
    expect(kitchenRows([
      { storeId: 's2', withinSeconds: 60, tickets: 2 }, { storeId: 's1', withinSeconds: 45, tickets: 1 }, { storeId: 's2', withinSeconds: 120, tickets: 2 },
    ])).to.deep.equal([
      { storeId: 's1', tickets: 1, p50PrepSeconds: 45, p90PrepSeconds: 45 },
      { storeId: 's2', tickets: 4, p50PrepSeconds: 60, p90PrepSeconds: 120 },
    ]);
  });

  it('defaults the range to today in the reporting time zone, and to one day when only from is given', () => {
    const lateUtc = new Date('2026-11-25T20:00:00Z'); // already the 26th in Jakarta (UTC+7)
    expect(dayRange({}, lateUtc, 'Asia/Jakarta')).to.deep.equal({ from: '2026-11-26', to: '2026-11-26' });
    expect(dayRange({ from: '2026-11-01' }, lateUtc, 'Asia/Jakarta')).to.deep.equal({ from: '2026-11-01', to: '2026-11-01' });
  });

  it('takes stores as a repeated parameter or a comma list, and refuses a range that ends before it starts', () => {
    expect(salesQuery.parse({ storeId: ['s1', 's2,s3'] }).storeId).to.deep.equal(['s1', 's2', 's3']);
    expect(salesQuery.parse({ storeId: 's1' }).storeId).to.deep.equal(['s1']);
    expect(salesQuery.safeParse({ from: '2026-11-02', to: '2026-11-01' }).success).to.equal(false);
    expect(salesQuery.safeParse({ groupBy: 'week' }).success).to.equal(false);
  });

  it('writes CSV with the columns in order and quotes what needs quoting', () => {
    expect(toCsv([{ name: 'Teh, manis', n: 2 }, { name: 'Say "hi"', n: null }], ['name', 'n'])).to.equal('name,n\r\n"Teh, manis",2\r\n"Say ""hi""",\r\n');
  });
});

describe('conflict review rules', () => {
  it('needs a note to adjust, and none to accept', () => {
    expect(resolveRequest.safeParse({ decision: 'adjust' }).success).to.equal(false);
    expect(resolveRequest.safeParse({ decision: 'adjust', note: 'refunded 2,000', amount: 2000 }).success).to.equal(true);
    expect(resolveRequest.safeParse({ decision: 'accept' }).success).to.equal(true);
  });

  it('is open while waiting for a person and resolved once decided or settled by its rule', () => {
    expect(reviewStatus('accounting_review', false)).to.equal('open');
    expect(reviewStatus('accounting_review', true)).to.equal('resolved');
    expect(reviewStatus('resolved', false)).to.equal('resolved');
  });
});

describe('sign-in throttling', () => {
  const rule = { maxFailures: 3, windowSeconds: 600 };
  const now = new Date('2026-11-25T12:00:00Z');
  const ago = (s: number) => new Date(now.getTime() - s * 1000);

  it('locks after the maximum failures inside the window, until the oldest counted one leaves it', () => {
    expect(throttle([ago(10), ago(20)], now, rule)).to.deep.equal({ locked: false });
    expect(throttle([ago(10), ago(20), ago(100)], now, rule)).to.deep.equal({ locked: true, retryAfterSeconds: 500 });
  });

  it('forgets failures older than the window', () => {
    expect(throttle([ago(10), ago(20), ago(700)], now, rule)).to.deep.equal({ locked: false });
  });

  it('says how long to wait in words', () => {
    expect(lockoutMessage(500)).to.equal('too many failed sign-ins: try again in 9 minutes');
    expect(lockoutMessage(40)).to.equal('too many failed sign-ins: try again in 40 seconds');
  });
});
