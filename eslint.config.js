// One lint config for the whole repo. Typed rules catch the promise mistakes that lose orders silently.
import tseslint from 'typescript-eslint';

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
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
);
