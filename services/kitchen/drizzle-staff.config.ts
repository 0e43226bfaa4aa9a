import { defineConfig } from 'drizzle-kit';

// The shared staff schema (tables declared in @kiosk/kit/staff-tables): the kitchen service owns it, so its
// migrations live here, generated offline with `npx drizzle-kit generate --config drizzle-staff.config.ts`.
export default defineConfig({
  dialect: 'postgresql',
  schema: '../kit/src/staff-tables.ts',
  out: './drizzle-staff',
  schemaFilter: ['staff'],
});
