// One mocha run for every workspace, so the real servers of the testbed start once per run.
// SPEC narrows it (e.g. SPEC='services/order/test/**/*.spec.ts npx mocha').
module.exports = {
  'node-option': ['import=tsx'],
  require: ['ops/stack/src/mocha-hooks.ts'],
  spec: process.env.SPEC ? process.env.SPEC.split(' ') : [
    'proto/test/**/*.spec.ts',
    'services/*/test/**/*.spec.ts',
    'ops/stack/test/**/*.spec.ts',
    'bench/test/**/*.spec.ts',
    'web/*/e2e/**/*.e2e.spec.ts',
  ],
  timeout: 60000,
  slow: 2000,
  exit: true,
  // A forgotten `.only` or a test that skips itself would silently shrink what CI proves.
  'forbid-only': true,
  'forbid-pending': true,
};
