import { defineConfig } from 'drizzle-kit';

// Migrations are generated offline (`npx drizzle-kit generate`) and applied by the service at start-up.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/adapters/db/schema.ts',
  out: './drizzle',
  schemaFilter: ['catalog'],
});
