/**
 * Which pages each role sees and where it may write, mirroring central's rules: owner everything; menu the
 * catalog; finance reports and conflicts; it the fleet and the stores (adding, disabling), read-only elsewhere. Central enforces these; the app
 * only avoids offering a button that would answer 403.
 */
import type { Role } from '../api/types.ts';

export const pages = ['fleet', 'stores', 'menu', 'conflicts', 'reports', 'users', 'audit'] as const;
export type Page = (typeof pages)[number];

const visible: Record<Role, readonly Page[]> = {
  owner: pages,
  menu: ['fleet', 'menu'],
  finance: ['fleet', 'menu', 'conflicts', 'reports', 'audit'],
  it: ['fleet', 'stores', 'menu', 'reports', 'audit'],
};

const writable: Record<Role, readonly Page[]> = {
  owner: pages,
  menu: ['menu'],
  finance: ['conflicts'],
  it: ['stores'],
};

export function canSee(role: Role, page: Page): boolean {
  return visible[role].includes(page);
}

export function canWrite(role: Role, page: Page): boolean {
  return writable[role].includes(page);
}

/** The page a role lands on after sign-in. */
export function homePage(role: Role): Page {
  return role === 'finance' ? 'reports' : role === 'menu' ? 'menu' : 'fleet';
}
