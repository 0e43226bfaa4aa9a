import { expect } from 'chai';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../src/index.js';
import { drizzleConfigs, schemaDrift } from '../../src/schema-drift.js';

/**
 * The drift check of `make lint`, on a scratch copy of the kitchen service (its config, schema and committed
 * migrations; node_modules linked so the schema's imports resolve): in step as committed, and caught when one
 * column changes without a migration.
 */
describe('schema drift check (drizzle-kit generate against scratch migrations)', function () {
  this.timeout(120_000);
  let scratch: string;
  let service: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'drift-spec-'));
    symlinkSync(join(repoRoot, 'node_modules'), join(scratch, 'node_modules'));
    service = join(scratch, 'services/kitchen');
    const from = join(repoRoot, 'services/kitchen');
    mkdirSync(join(service, 'src/adapters/db'), { recursive: true });
    cpSync(join(from, 'drizzle.config.ts'), join(service, 'drizzle.config.ts'));
    cpSync(join(from, 'src/adapters/db/schema.ts'), join(service, 'src/adapters/db/schema.ts'));
    cpSync(join(from, 'drizzle'), join(service, 'drizzle'), { recursive: true });
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds the drizzle config of every service that has migrations', () => {
    const names = drizzleConfigs().map((c) => c.slice(repoRoot.length + 1));
    expect(names).to.include.members([
      'services/order/drizzle.config.ts', 'services/kitchen/drizzle.config.ts', 'services/kitchen/drizzle-staff.config.ts', 'services/catalog/drizzle.config.ts',
    ]);
  });

  it('passes a schema that its committed migrations describe, and fails, naming the service, once a column changes', async () => {
    const config = join(service, 'drizzle.config.ts');
    const inStep = await schemaDrift(config);
    expect(inStep).to.deep.include({ service: 'kitchen', wouldWrite: [] });
    expect(inStep.problem).to.equal(undefined);

    const schema = join(service, 'src/adapters/db/schema.ts');
    const changed = readFileSync(schema, 'utf8').replace("ticketsClosedOut: integer('tickets_closed_out')", "ticketsClosedOut: bigint('tickets_closed_out', { mode: 'number' })");
    expect(changed).to.not.equal(readFileSync(schema, 'utf8'));
    writeFileSync(schema, changed);
    const drifted = await schemaDrift(config);
    expect(drifted.service).to.equal('kitchen');
    expect(drifted.wouldWrite).to.have.length(1);
    expect(drifted.wouldWrite[0]).to.match(/\.sql$/);
    // The copy's own migrations are untouched: the check writes into a scratch folder of its own.
    expect(readFileSync(join(service, 'drizzle/meta/_journal.json'), 'utf8')).to.equal(readFileSync(join(repoRoot, 'services/kitchen/drizzle/meta/_journal.json'), 'utf8'));
  });
});
