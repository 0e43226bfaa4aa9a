import { expect } from 'chai';
import { cashOrder, startHarness, type OrderHarness } from './support.js';

/** Every refusal must be a clear 4xx in the contract's error shape and leave every table as it was. */
describe('order service: bad input is refused and writes nothing', function () {
  let h: OrderHarness;
  before(async () => {
    h = await startHarness();
    expect((await h.post(cashOrder())).status).to.equal(201); // tables are not empty: "unchanged" means something
  });
  after(async () => { await h?.close(); });

  async function expectRefused(body: unknown, status: number, code: string, init?: RequestInit) {
    const before = await h.orderCount();
    const res = await h.post(body, init);
    expect(res.status, res.text).to.equal(status);
    expect(res.body.error?.code).to.equal(code);
    expect(res.body.error?.message).to.be.a('string').and.not.match(/at .*\.ts:\d+/);
    expect(await h.orderCount()).to.equal(before);
    return res;
  }

  it('refuses malformed JSON with 400 invalid_json', async () => {
    await expectRefused('{"globalId": "x", "lines": [', 400, 'invalid_json');
  });

  it('refuses wrong types with 400 validation_failed naming the field', async () => {
    const res = await expectRefused(cashOrder({ mode: 'drive_through', lines: [{ productId: 'p-tea', quantity: '2', optionIds: [] }] }), 400, 'validation_failed');
    const paths = (res.body.error?.details?.issues as Array<{ path: string }>).map((i) => i.path);
    expect(paths).to.include.members(['mode', 'lines.0.quantity']);
  });

  it('refuses zero, negative, fractional and absurd quantities with 400', async () => {
    for (const quantity of [0, -1, 1.5, 51, 1e9]) {
      await expectRefused(cashOrder({ lines: [{ productId: 'p-tea', quantity, optionIds: [] }] }), 400, 'validation_failed');
    }
  });

  it('refuses unknown fields, a missing globalId and a globalId that is not a UUID with 400', async () => {
    await expectRefused({ ...cashOrder(), discount: 100 }, 400, 'validation_failed');
    await expectRefused(cashOrder({ lines: [{ productId: 'p-tea', quantity: 1, optionIds: [], price: 1 }] }), 400, 'validation_failed');
    const { globalId: _omit, ...withoutId } = cashOrder();
    await expectRefused(withoutId, 400, 'validation_failed');
    await expectRefused(cashOrder({ globalId: 'order-1' }), 400, 'validation_failed');
    await expectRefused(cashOrder({ lines: [] }), 400, 'validation_failed');
    await expectRefused([cashOrder()], 400, 'validation_failed');
  });

  it('refuses a NUL or another control character in a name or note with 400, and keeps line breaks in notes', async () => {
    for (const over of [{ notes: 'no egg\u0000' }, { customerName: 'Budi\u0000' }, { customerName: 'Bu\ndi' }, { notes: 'a\u001bb' }]) {
      const res = await expectRefused(cashOrder(over), 400, 'validation_failed');
      expect(JSON.stringify(res.body.error?.details)).to.contain('control characters');
    }
    await expectRefused(cashOrder({ lines: [{ productId: 'p-tea', quantity: 1, optionIds: [], notes: 'less ice\u0000' }] }), 400, 'validation_failed');
    expect((await h.post(cashOrder({ notes: 'no egg\nextra napkins' }))).status).to.equal(201);
  });

  it('refuses an oversized body with 413 payload_too_large', async () => {
    await expectRefused(cashOrder({ notes: 'x'.repeat(200_000) }), 413, 'payload_too_large');
  });

  it('refuses unknown products and options with 422 and sold-out items with 409', async () => {
    await expectRefused(cashOrder({ lines: [{ productId: 'p-unicorn', quantity: 1, optionIds: [] }] }), 422, 'unknown_product');
    await expectRefused(cashOrder({ lines: [{ productId: 'p-burger', quantity: 1, optionIds: ['o-regular', 'o-caviar'] }] }), 422, 'unknown_option');
    await expectRefused(cashOrder({ lines: [{ productId: 'p-burger', quantity: 1, optionIds: ['o-less-sugar'] }] }), 422, 'invalid_options');
    await expectRefused(cashOrder({ lines: [{ productId: 'p-burger', quantity: 1, optionIds: ['o-cheese'] }] }), 422, 'invalid_options');
    await expectRefused(cashOrder({ lines: [{ productId: 'p-soto', quantity: 1, optionIds: [] }] }), 409, 'product_unavailable');
    await expectRefused(cashOrder({ lines: [{ productId: 'p-burger', quantity: 1, optionIds: ['o-regular', 'o-egg'] }] }), 409, 'product_unavailable');
  });

  it('refuses a body that is not JSON at all', async () => {
    const res = await h.post('globalId=1', { headers: { 'content-type': 'text/plain' } });
    expect(res.status).to.equal(400);
    expect(res.body.error?.code).to.equal('validation_failed');
  });
});
