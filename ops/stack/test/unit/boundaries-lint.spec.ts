import { expect } from 'chai';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { repoRoot } from '../../src/paths.js';

/**
 * The dependency rules of eslint.config.js (run by `make lint`) are only worth something if they catch a
 * violation: each case lints a file that is not on disk at a path where the rule applies.
 */
describe('boundaries checked by make lint', () => {
  // Type-aware rules need files in a tsconfig project; the import rules do not.
  const eslint = new ESLint({ cwd: repoRoot, overrideConfig: [tseslint.configs.disableTypeChecked] });
  const problems = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
    return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
  };

  it('refuses a domain file importing a driver, an adapter, a transport or the kit barrel', async () => {
    for (const source of ['pg', '@nats-io/jetstream', 'express', '../adapters/order.repo.js', '../transport/order.routes.js', '@kiosk/kit']) {
      const found = await problems('services/order/src/domain/not-on-disk.ts', `import * as x from '${source}';\nexport const y = x;\n`);
      expect(found, source).to.have.length(1);
      expect(found[0]).to.match(/^no-restricted-imports/);
    }
  });

  it('lets a domain file import the contracts and the kit errors', async () => {
    const found = await problems('services/order/src/domain/not-on-disk.ts', "import { z } from 'zod';\nimport { conflict } from '@kiosk/kit/errors';\nimport type { OrderView } from '@kiosk/contracts';\nexport const y: [unknown, unknown, OrderView | null] = [z, conflict, null];\n");
    expect(found).to.deep.equal([]);
  });

  it('refuses a service importing another service', async () => {
    const found = await problems('services/order/src/not-on-disk.ts', "import * as k from '@kiosk/kitchen';\nexport const y = k;\n");
    expect(found).to.have.length(1);
    expect(found[0]).to.match(/another service|only @kiosk\/kit/);
  });

  it('refuses a web app importing service code', async () => {
    for (const source of ['@kiosk/order', '@kiosk/kit', '../../../services/order/src/index.js']) {
      const found = await problems('web/kiosk/src/not-on-disk.ts', `import * as x from '${source}';\nexport const y = x;\n`);
      expect(found, source).to.have.length(1);
    }
  });
});
