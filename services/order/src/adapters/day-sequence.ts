import type { Pool } from '@kiosk/kit';

/**
 * Order numbers come from one Postgres SEQUENCE per business day (`orders.day_seq_20261125`).
 *
 * Why a sequence and not a counter row: `UPDATE counter SET n = n + 1` holds the row lock until COMMIT, and a
 * commit waits for its WAL fsync, so every order would queue behind the previous one's fsync and intake would be
 * capped at ~1 / commit latency. `nextval` never blocks and is not rolled back, so concurrent orders commit in
 * parallel (group commit). The price is gaps (a failed or repeated request burns a number), which is acceptable;
 * reuse is not, and the unique (business_day, order_number) index refuses it whatever happens to a sequence.
 * Sequences are durable, so numbering survives restarts; a new day starts a new sequence at 1.
 */
const MAX_BLOCK = 32;

interface DayBlock {
  numbers: number[];
  waiting: number;
  refill: Promise<void> | null;
}

export class DaySequences {
  private readonly known = new Set<string>();
  private readonly blocks = new Map<string, DayBlock>();

  constructor(private readonly pool: Pool) {}

  /**
   * The next number of `businessDay` (creates the day's sequence on first use). Numbers are drawn from Postgres
   * in blocks sized to the current demand (1 when orders trickle in, up to 32 under a rush), so a busy store
   * pays for nextval once per block instead of once per order. A restart drops the unused rest of a block:
   * a gap, never a reuse.
   */
  async next(businessDay: string): Promise<number> {
    const name = sequenceName(businessDay);
    const day = this.dayBlock(name);
    day.waiting++;
    try {
      for (;;) {
        const n = day.numbers.shift();
        if (n !== undefined) return n;
        day.refill ??= this.refill(name, day).finally(() => { day.refill = null; });
        await day.refill;
      }
    } finally {
      day.waiting--;
    }
  }

  private dayBlock(name: string): DayBlock {
    let day = this.blocks.get(name);
    if (!day) {
      this.blocks.clear(); // a new business day: yesterday's leftovers are never used again
      day = { numbers: [], waiting: 0, refill: null };
      this.blocks.set(name, day);
    }
    return day;
  }

  private async refill(name: string, day: DayBlock): Promise<void> {
    if (!this.known.has(name)) await this.ensure(name);
    const size = Math.min(MAX_BLOCK, Math.max(1, day.waiting));
    const draw = () => this.pool.query<{ n: number }>('SELECT nextval($1::regclass) AS n FROM generate_series(1, $2::int)', [name, size]);
    let rows: Array<{ n: number }>;
    try {
      rows = (await draw()).rows;
    } catch (err) {
      // The sequence vanished under us (dropped by hand): forget it and create it again once.
      if ((err as { code?: string }).code !== '42P01') throw err;
      this.known.delete(name);
      await this.ensure(name);
      rows = (await draw()).rows;
    }
    day.numbers.push(...rows.map((r) => r.n).sort((a, b) => a - b));
  }

  /**
   * Moves the day's numbering past `sequence` (central asks after a number collision): the next order gets
   * at least `sequence + 1`. Never moves it backwards. A nextval racing this call can at worst produce a number
   * that is already taken, which the unique index refuses and the writer retries with a fresh one.
   */
  async movePast(businessDay: string, sequence: number): Promise<number> {
    if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be a positive integer, got ${sequence}`);
    const name = sequenceName(businessDay);
    await this.ensure(name);
    this.blocks.delete(name); // numbers drawn before the move would land below it
    const { rows } = await this.pool.query<{ last: number }>(
      `SELECT setval($1::regclass, GREATEST($2::bigint, (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ${name})), true) AS last`,
      [name, sequence],
    );
    return rows[0]!.last;
  }

  private async ensure(name: string): Promise<void> {
    try {
      await this.pool.query(`CREATE SEQUENCE IF NOT EXISTS ${name} AS bigint START 1 MINVALUE 1`);
    } catch (err) {
      // Two first orders of the day racing: IF NOT EXISTS is not atomic, the loser sees a duplicate. It exists now.
      const code = (err as { code?: string }).code;
      if (code !== '23505' && code !== '42P07') throw err;
    }
    this.known.add(name);
  }
}

/** `2026-11-25` -> `orders.day_seq_20261125` (validated: it is spliced into SQL). */
export function sequenceName(businessDay: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(businessDay)) throw new RangeError(`not a business day: ${businessDay}`);
  return `orders.day_seq_${businessDay.replace(/-/g, '')}`;
}
