import { expect } from 'chai';
import { SimulatedTerminal } from '../src/adapters/simulated-terminal.js';
import { cashOrder, startHarness, waitUntil, type OrderHarness } from './support.js';

describe('order service: card payments through the simulated terminal', function () {
  this.timeout(60_000);
  let h: OrderHarness;
  before(async () => {
    h = await startHarness({ env: { PAYMENT_SIM_DELAY_MS: '20', PAYMENT_SIM_CONTROL: '1', PAYMENT_BREAKER_RESET_MS: '500' } });
  });
  after(async () => { await h?.close(); });

  const card = (kioskId = 'kiosk-1') => cashOrder({ kioskId, payment: { method: 'card' } });
  /** The test-only control channel: how the terminal beside `terminalId` answers from now on. */
  const steer = async (outcome: string, terminalId: string) => {
    const res = await fetch(`${h.service.url}/internal/payment-simulator`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome, terminalId }),
    });
    expect(res.status).to.equal(200);
  };

  it('records an approved card as paid with the terminal reference', async () => {
    const res = await h.post(card());
    expect(res.status).to.equal(201);
    expect(res.body.status).to.equal('paid');
    expect(res.body.payment).to.include({ method: 'card', status: 'approved', amount: res.body.total });
    expect(res.body.payment?.reference).to.match(/^SIM-/);
    const { rows } = await h.db.query('SELECT method, status, reference FROM orders.payments WHERE global_id = $1', [res.body.globalId]);
    expect(rows[0]).to.deep.equal({ method: 'card', status: 'approved', reference: res.body.payment?.reference });
  });

  it('refuses an order that tries to choose the card outcome (400, unknown field) and writes nothing', async () => {
    const before = await h.orderCount();
    const res = await h.post(cashOrder({ payment: { method: 'card', simulate: 'approve' } }));
    expect(res.status).to.equal(400);
    expect(res.body.error?.code).to.equal('validation_failed');
    expect(JSON.stringify(res.body.error?.details)).to.contain('simulate');
    expect(await h.orderCount()).to.equal(before);
  });

  it('answers 402 payment_declined for a declined card and writes nothing', async () => {
    await steer('decline', 'kiosk-decline');
    const before = await h.orderCount();
    const res = await h.post(card('kiosk-decline'));
    expect(res.status).to.equal(402);
    expect(res.body.error?.code).to.equal('payment_declined');
    expect(await h.orderCount()).to.equal(before);
  });

  it('answers 504 payment_timeout when the terminal never answers and writes nothing', async () => {
    await steer('timeout', 'kiosk-silent');
    const before = await h.orderCount();
    const res = await h.post(card('kiosk-silent'));
    expect(res.status).to.equal(504);
    expect(res.body.error?.code).to.equal('payment_timeout');
    expect(await h.orderCount()).to.equal(before);
  });

  it('opens the breaker of a terminal that timed out three times without blocking the other kiosks, and probes it again', async () => {
    await steer('timeout', 'kiosk-3');
    for (let i = 0; i < 3; i++) expect((await h.post(card('kiosk-3'))).status).to.equal(504);
    const refused = await h.post(card('kiosk-3'));
    expect(refused.status).to.equal(503);
    expect(refused.body.error?.code).to.equal('payment_terminal_unavailable');
    expect((await h.post(card('kiosk-4'))).status).to.equal(201);

    await steer('approve', 'kiosk-3');
    await waitUntil(async () => (await h.post(card('kiosk-3'))).status === 201, 20_000, 'kiosk-3 terminal probed and closed again');
  });

  it('lets the kiosk retry a declined card with the same globalId, and never charges a repeat twice', async () => {
    await steer('decline', 'kiosk-retry');
    const declined = card('kiosk-retry');
    expect((await h.post(declined)).status).to.equal(402);
    await steer('approve', 'kiosk-retry');
    const approved = await h.post(declined);
    expect(approved.status).to.equal(201);
    const repeats = await Promise.all([h.post(declined), h.post(declined)]);
    expect(repeats.map((r) => r.text)).to.deep.equal([approved.text, approved.text]);
  });

  it('keeps cash orders as awaiting payment at the counter', async () => {
    const res = await h.post(cashOrder());
    expect(res.body.status).to.equal('awaiting_payment');
    expect(res.body.payment).to.deep.equal({ method: 'cash', status: 'pending', amount: res.body.total });
  });
});

describe('order service without the simulator control', function () {
  this.timeout(60_000);

  it('does not mount the control endpoint unless PAYMENT_SIM_CONTROL=1', async () => {
    const h = await startHarness();
    try {
      const res = await fetch(`${h.service.url}/internal/payment-simulator`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'decline' }),
      });
      expect(res.status).to.equal(404);
    } finally {
      await h.close();
    }
  });
});

describe('simulated terminal settings', () => {
  it('declines amounts above the configured limit and approves the rest', async () => {
    const terminal = new SimulatedTerminal({ outcome: 'approve', declineAbove: 50_000, delayMs: 0, acquirerUrl: null });
    const ask = (amount: number) => terminal.authorise({ globalId: 'g', amount, currency: 'IDR', terminalId: 'k1' });
    expect((await ask(50_000)).approved).to.equal(true);
    expect(await ask(50_001)).to.deep.include({ approved: false });
  });
});
