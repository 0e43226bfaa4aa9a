import { defineConfig } from 'drizzle-kit';

// Migrations are generated offline (`npx drizzle-kit generate`) and applied at start-up by the kit.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/adapters/db/schema.ts',
  out: './drizzle',
  schemaFilter: ['central'],
});
