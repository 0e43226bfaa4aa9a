import { expect } from 'chai';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { errorFields } from '../../src/logger.js';

describe('error fields of a log line', () => {
  it("logs the driver's error of a failed drizzle query, not the query and its parameters", () => {
    const driver = Object.assign(new Error('duplicate key value violates unique constraint "orders_day_number_key"'), { code: '23505' });
    const wrapped = new DrizzleQueryError('insert into "central"."orders" values ($1, $2)', ['Budi', 'Siti'], driver);
    expect(errorFields(wrapped).error).to.equal(driver.message);
    expect(errorFields(new Error('plain')).error).to.equal('plain');
    expect(errorFields('text')).to.deep.equal({ error: 'text' });
  });
});
