import { expect } from 'chai';
import { lossOf, powerCutCycle, startPowerCutRig, stopPowerCutRig, type CutResult, type PowerCutRig, type Weakening } from '../src/index.js';

/**
 * Seed scenario "power cut", for real: the store box's Postgres and nats-server data sit on powercut-fs, which
 * loses everything not fsynced when the power goes (kill -9 alone keeps the kernel's page cache, so it would
 * pass with fsync off). 16 kiosks order, the power goes at a random instant, the box restarts on what was
 * flushed: every order that got a 201 is there with its number and ticket, numbers stay unique, and central
 * gets each exactly once. Then each durability rule is switched off in turn, and the same test must find loss:
 * proof that it can fail. POWER_CUTS sets the cuts of the first test (1 in `make test`; `make bench-powercut`
 * repeats 20).
 */
describe('scenario: a store box loses its power at a random instant and comes back with every acknowledged order', function () {
  this.timeout(900_000);
  let rig: PowerCutRig | undefined;

  before(async function () {
    rig = await startPowerCutRig('s1');
  });

  after(async function () {
    await stopPowerCutRig(rig);
  });

  it('keeps every acknowledged order, its number and its ticket through a power cut, and central gets each exactly once', async () => {
    const cuts = Number(process.env.POWER_CUTS ?? 1);
    for (let i = 0; i < cuts; i++) {
      const r = await powerCutCycle(rig!);
      console.log(`      cut ${i + 1}: ${JSON.stringify(r)}`);
      expect(r.droppedPages, 'the cut dropped unflushed data (it was a real cut)').to.be.greaterThan(0);
      expect(r.acknowledged).to.be.at.least(40);
      expect(r, `cut ${i + 1}`).to.deep.include({ foundAtStore: r.acknowledged, wrongNumber: 0, missingTickets: 0, missingAtCentral: 0, duplicateNumbers: 0, duplicatesAtCentral: 0 });
    }
  });

  /** Up to `tries` cuts with the rule switched off; the loss the first cut that shows one found. */
  async function lossWith(weakened: Weakening, tries: number): Promise<CutResult[]> {
    const results: CutResult[] = [];
    for (let i = 0; i < tries && !results.some((r) => lossOf(r) > 0); i++) {
      results.push(await powerCutCycle(rig!, { weakened, patienceMs: 20_000 }));
      console.log(`      mutation cut ${i + 1}: loss ${lossOf(results[i]!)} ${JSON.stringify(results[i])}`);
    }
    return results;
  }

  it('detects the loss when Postgres acknowledges commits before they are flushed (synchronous_commit=off, a mutation)', async () => {
    const results = await lossWith({ postgres: { synchronous_commit: 'off' } }, 3);
    expect(results.map(lossOf), JSON.stringify(results)).to.satisfy((losses: number[]) => losses.some((l) => l > 0));
  });

  it('detects the loss when nats-server syncs on its default interval instead of always (a mutation)', async () => {
    const results = await lossWith({ natsDefaultSync: true }, 3);
    expect(results.map(lossOf), JSON.stringify(results)).to.satisfy((losses: number[]) => losses.some((l) => l > 0));
  });
});
