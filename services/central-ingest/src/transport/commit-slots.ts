/**
 * How many batches one ingest replica commits at once: no more than its Postgres pool serves, with room left
 * for the outbox relay, the store list and the receipt retries. Each store has three consumers and a fleet's
 * backlog wakes them together; a batch that waited for a pooled connection longer than the pool's connect
 * timeout failed and came back whole, so a 40-store backlog spent most of its commits failing (613 failed
 * batches in three minutes; its 40,000 orders took 289 s, 113 s with the slots). A batch waits for its slot here instead, and tells the server it is
 * still being worked on, so its messages are not redelivered to another replica meanwhile.
 */
export class CommitSlots {
  private free: number;
  private readonly queue: (() => void)[] = [];

  constructor(width: number, private readonly keepAliveMs = 10_000) {
    this.free = width;
  }

  async run<T>(batch: readonly { working(): void }[], commit: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await this.wait(batch);
    try {
      return await commit();
    } finally {
      // Hand the slot straight to the next batch in line (first come, first served), or free it.
      const next = this.queue.shift();
      if (next) next();
      else this.free++;
    }
  }

  /** Batches waiting for a slot now. */
  get waiting(): number {
    return this.queue.length;
  }

  private async wait(batch: readonly { working(): void }[]): Promise<void> {
    const keepAlive = setInterval(() => {
      for (const m of batch) m.working();
    }, this.keepAliveMs);
    try {
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } finally {
      clearInterval(keepAlive);
    }
  }
}
