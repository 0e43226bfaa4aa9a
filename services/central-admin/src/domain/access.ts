import { z } from 'zod';

/**
 * Who may do what at central. `owner` does everything and manages people and tokens; `menu` keeps the catalog;
 * `finance` reads reports, orders and settles conflicts; `it` runs stores and the fleet and reads the rest.
 */
export const roles = ['owner', 'menu', 'finance', 'it'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

/** Route access groups: each route names one, so the table below is the whole permission model. */
export const access = {
  /** Everyone signed in (catalog reads, stores, fleet, the API document). */
  signedIn: roles,
  catalogWrite: ['owner', 'menu'],
  people: ['owner'],
  audit: ['owner', 'it', 'finance'],
  orders: ['owner', 'finance', 'it'],
  conflictsRead: ['owner', 'finance', 'it'],
  conflictsDecide: ['owner', 'finance'],
  reports: ['owner', 'finance', 'it'],
  /** Adding, enabling and disabling stores (which issues and revokes their hub credentials). */
  stores: ['owner', 'it'],
} as const satisfies Record<string, readonly Role[]>;
export type AccessGroup = keyof typeof access;

export const mayAccess = (group: AccessGroup, r: Role): boolean => (access[group] as readonly Role[]).includes(r);

/** The one principal of a request: a person (session) or a script (API token). */
export interface Principal {
  kind: 'user' | 'token';
  id: number;
  /** What the audit log names: the username, or `token:<name>`. */
  name: string;
  displayName: string;
  role: Role;
  /** Set for sessions only: what a cookie-authenticated write must echo in X-CSRF-Token. */
  csrfToken?: string;
}
