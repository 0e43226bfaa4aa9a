/** One line of central's audit log as a write decides it: what was done to which entity, and how it looked before and after. */
export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}
