import { stopTestbed } from './testbed.js';

/**
 * The failures again, briefly, as the very last lines of the run: CI shows only the tail of the output, and a
 * long failure message (a levelling diagnosis, a server's log) can push the earlier failures out of it.
 */
const failures: string[] = [];
process.on('exit', () => {
  if (failures.length === 0) return;
  process.stderr.write(`\n${failures.length} failing, in brief:\n${failures.join('\n')}\n`);
});

function brief(title: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const lines = message.split('\n').filter((l) => l.trim() !== '').slice(0, 8).map((l) => `    ${l.slice(0, 240)}`);
  return [`  - ${title}`, ...lines].join('\n');
}

/** Root hooks for the one mocha run of `make test`: the shared servers stop after the last suite. */
export const mochaHooks = {
  afterEach(this: { currentTest?: { state?: string; fullTitle(): string; err?: unknown } }) {
    const t = this.currentTest;
    if (t?.state === 'failed') failures.push(brief(t.fullTitle(), t.err));
  },
  async afterAll(this: { timeout(ms: number): void }) {
    this.timeout(30_000);
    await stopTestbed();
  },
};
