import type { AuditEntry, NewAuditEntry } from '../../domain/roles/audit-action.ts';
import type { AuditQuery, AuditRepository } from '../../persistence/repositories/audit.repository.ts';

export interface AuditLog {
  /** Appends an entry stamped with the current time. */
  record(entry: NewAuditEntry): Promise<AuditEntry>;
  /** The latest entries, newest first. */
  recent(limit: number, query?: AuditQuery): Promise<AuditEntry[]>;
}

/** The audit log: role changes, verifications, exports, call-ups, announcements and refused attempts. */
export function createAuditLog(deps: { entries: AuditRepository; now: () => Date }): AuditLog {
  return {
    record: (entry) => deps.entries.append({ ...entry, at: entry.at ?? deps.now() }),
    recent: (limit, query) => deps.entries.recent(limit, query),
  };
}
