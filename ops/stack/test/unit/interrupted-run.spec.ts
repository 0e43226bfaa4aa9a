import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('an interrupted run', function () {
  this.timeout(30_000);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the processes it started when it gets ${signal}, and exits`, async () => {
      const run = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../fixtures/interrupted-run.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
      const [line] = await once(run.stdout!, 'data') as [Buffer];
      const childPid = Number(line.toString().trim());
      expect(alive(childPid), 'the child runs').to.equal(true);
      run.kill(signal);
      const [code] = await once(run, 'exit') as [number | null];
      expect(code).to.equal(signal === 'SIGINT' ? 130 : 143);
      for (let i = 0; i < 50 && alive(childPid); i++) await sleep(100);
      expect(alive(childPid), 'the child was stopped with the run').to.equal(false);
    });
  }
});
