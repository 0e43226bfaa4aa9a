import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommitSlots } from '../../src/transport/commit-slots.js';

/** Two messages that count the server being told they are still worked on. */
const batch = () => [0, 1].map(() => ({ kept: 0, working() { this.kept++; } }));

describe('commit slots (how many batches one ingest replica commits at once)', () => {
  it('never runs more commits at once than it has slots, and runs every one, first come first served', async () => {
    const slots = new CommitSlots(3);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => slots.run(batch(), async () => {
      running++;
      most = Math.max(most, running);
      order.push(i);
      await sleep(5 + (i % 3));
      running--;
    })));
    expect(most).to.equal(3);
    expect(order).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
    expect(slots.waiting).to.equal(0);
  });

  it('keeps a waiting batch from being redelivered (working()) until its turn comes, and not after', async () => {
    const slots = new CommitSlots(1, 20);
    const first = slots.run(batch(), () => sleep(150));
    const waiting = batch();
    await slots.run(waiting, async () => {
      const kept = waiting.map((m) => m.kept);
      expect(Math.min(...kept), 'working() sent while it waited').to.be.at.least(3);
      await sleep(100);
      expect(waiting.map((m) => m.kept), 'none while it commits').to.deep.equal(kept);
    });
    await first;
  });

  it('frees the slot of a commit that fails, and passes the failure on', async () => {
    const slots = new CommitSlots(1);
    const failing = slots.run(batch(), async () => { throw new Error('postgres down'); });
    const next = slots.run(batch(), async () => 'committed');
    expect(await failing.then(() => 'committed', (err: Error) => err.message)).to.equal('postgres down');
    expect(await next).to.equal('committed');
  });
});
