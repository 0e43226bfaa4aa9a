import { sql } from 'drizzle-orm';
import { integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The store's staff identity, shared by every store service that lets staff act: paired screens (kitchen
 * displays, counters), short kiosk staff sessions, and the one PIN throttle.
 *
 * Ownership: the KITCHEN service owns and migrates the `staff` schema (services/kitchen/drizzle-staff, applied
 * before its own schema at start-up). Other services only read and write rows; `staffTableAccess` below is the one list of who touches what, for
 * the per-service Postgres roles.
 */
export const staff = pgSchema('staff');

/** Which store service reads or writes which staff table (the owner, kitchen, has everything). */
export const staffTableAccess = {
  owner: 'kitchen',
  // Authenticating a token renews it (UPDATE), hence rw for every service that checks tokens.
  'staff.devices': { kitchen: 'rw', order: 'rw', catalog: 'rw' },
  'staff.pin_attempts': { kitchen: 'rw', order: 'rw' },
} as const;

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * Paired screens and kiosk staff sessions. Only a SHA-256 of the bearer token is kept: a database dump pairs
 * nothing. A token works while `revoked_at` is null and `expires_at` is in the future; use renews it.
 */
export const staffDevices = staff.table('devices', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  tokenHash: text('token_hash').notNull(),
  pairedFrom: text('paired_from'),
  createdAt: ts('created_at').notNull().default(sql`now()`),
  expiresAt: ts('expires_at').notNull(),
  lastSeenAt: ts('last_seen_at'),
  revokedAt: ts('revoked_at'),
}, (t) => [uniqueIndex('devices_token_hash_key').on(t.tokenHash)]);

/**
 * Wrong PINs per key (`client:<address>`, `device:<id>`): kept in Postgres so a restart forgets nothing, and
 * one row per key so concurrent guesses serialise on it (SELECT ... FOR UPDATE).
 */
export const pinAttempts = staff.table('pin_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: ts('locked_until'),
  lastFailureAt: ts('last_failure_at'),
  lastSurface: text('last_surface'),
});
