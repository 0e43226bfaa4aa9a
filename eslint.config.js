// One lint config for the whole repo. Typed rules catch the promise mistakes that lose orders silently.
import tseslint from 'typescript-eslint';

// String and template pieces that only a wire name contains.
const wireNamePatterns = [
  /(CATALOG|CENTRAL)_TO_/.source, // hub streams that carry central's catalog and receipts down to a store
  /^(hubjs|hubcat|downjs|catdeliver|centraldeliver|catsource|deliver)\./.source, // API and deliver prefixes
  /^order-central-sync$/.source, // durable consumer names
];
const storeStream = /^(SALES|KITCHEN|CATALOG|CENTRAL|TELEMETRY)_/.source;
const wireNameSelectors = [
  ...wireNamePatterns.flatMap((p) => [`Literal[value=/${p}/]`, `TemplateElement[value.raw=/${p}/]`]),
  // A store stream's name: `SALES_${id}`, or 'SALES_S1' (not CATALOG_URL and other settings).
  `TemplateLiteral[quasis.0.value.raw=/${storeStream}$/]`,
  `Literal[value=/${storeStream}S[0-9]+$/]`,
  // `store.${id}.>`, `central.store.${id}...`, `$JS.${id}.API`: a store's subjects and API by hand.
  String.raw`TemplateLiteral[quasis.0.value.raw=/^(central\.)?store\.$/]`,
  String.raw`TemplateLiteral[quasis.0.value.raw=/^\$JS\.$/]`,
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/src/gen/**', '.tools/**', '.data/**', '.run/**', 'bench/results/**', '**/*.vue', '**/test-artifacts/**', '**/dev-dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // CLIs and tests talk to a person on a terminal.
    files: ['**/test/**/*.ts', '**/*.spec.ts', 'ops/**/*.ts', 'bench/**/*.ts', '**/src/cli/**/*.ts', 'web/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // chai's property assertions (`.to.exist`, `.to.be.empty`) are expressions by design.
    files: ['**/test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Domain code is pure rules on plain data: no driver, no transport, no adapter, no kit barrel (which brings
    // pg, NATS and Redis with it; `@kiosk/kit/errors` and `/storable` are the kit's pure entries).
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@kiosk/kit', message: 'import @kiosk/kit/errors or @kiosk/kit/storable (pure) or take the dependency as a parameter' }],
        patterns: [
        { group: ['pg', 'pg-*', 'ioredis', 'express', 'socket.io', 'socket.io-*', '@nats-io/*', 'drizzle-orm', 'drizzle-orm/*', 'opossum', 'winston', 'prom-client'], message: 'domain code takes and returns plain data: move I/O to an adapter' },
        { group: ['@kiosk/stack', '@kiosk/stack/*'], message: 'the domain does not start servers' },
        { group: ['**/adapters/**', '**/transport/**', '../adapters', '../transport'], message: 'the domain names interfaces; adapters and transport depend on the domain, not the other way' },
        { group: ['node:fs', 'node:net', 'node:http', 'node:https', 'node:child_process', 'fs', 'net', 'http', 'child_process'], message: 'no I/O in domain code' },
      ] }],
    },
  },
  {
    // Services meet only on the wire: they share the kit and the contracts, never each other's code.
    files: ['services/*/src/**/*.ts'],
    // services/box is the one-process deployment of the store services: it starts them, and holds no logic.
    ignores: ['services/*/src/domain/**/*.ts', 'services/*/src/adapters/**/*.ts', 'services/box/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@kiosk/*', '!@kiosk/kit', '!@kiosk/kit/*', '!@kiosk/contracts', '!@kiosk/contracts/*'], message: 'a service imports only @kiosk/kit and @kiosk/contracts; other services are reached over NATS or HTTP' },
      ] }],
    },
  },
  {
    // The same, with one exception for adapters: a service that reads another's tables (central-admin's reports
    // over central-ingest's rollups, ingest's price rules over central-admin's catalog) takes their description
    // from the owner's published schema, `@kiosk/<service>/schema`: drizzle table objects and types, no code.
    // The owner's schema stays the one description of its tables; the reader never writes them.
    files: ['services/*/src/adapters/**/*.ts'],
    ignores: ['services/box/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^@kiosk/(?!(kit|contracts)(/|$)|[a-z-]+/schema$)', message: 'a service imports only @kiosk/kit, @kiosk/contracts and (in its adapters) another service\'s table descriptions, @kiosk/<service>/schema; other services are reached over NATS or HTTP' },
      ] }],
    },
  },
  {
    // Apps share the contracts' types with the services, never service code.
    files: ['web/*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@kiosk/*', '!@kiosk/contracts', '!@kiosk/contracts/*'], message: 'web apps import only @kiosk/contracts' },
        { group: ['**/services/**'], message: 'web apps import only @kiosk/contracts' },
      ] }],
    },
  },
  {
    // Wire names (hub streams and prefixes, durable consumers, store subject wildcards) are spelled once, in
    // proto/src (@kiosk/contracts): a name spelled by hand elsewhere drifts from the one central renders.
    files: ['**/*.ts'],
    ignores: ['proto/**'],
    rules: {
      'no-restricted-syntax': ['error', ...wireNameSelectors.map((selector) => ({
        selector, message: 'wire name spelled by hand: take it from @kiosk/contracts (hubStreams, hubPrefixes, streams, subjects, consumers)',
      }))],
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
);
