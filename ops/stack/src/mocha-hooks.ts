import { stopTestbed } from './testbed.js';

/** Root hooks for the one mocha run of `make test`: the shared servers stop after the last suite. */
export const mochaHooks = {
  async afterAll(this: { timeout(ms: number): void }) {
    this.timeout(30_000);
    await stopTestbed();
  },
};
