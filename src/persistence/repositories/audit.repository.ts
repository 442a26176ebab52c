import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditEntry, NewAuditEntry } from '../../domain/roles/audit-action.ts';
import type { AuditEntryDocument } from '../models/audit-entry.model.ts';
import type { Models } from '../models/index.ts';

export interface AuditQuery {
  actor?: string;
  action?: AuditAction;
  target?: string;
}

export interface AuditRepository {
  append(entry: NewAuditEntry & { at: Date }): Promise<AuditEntry>;
  /** The most recent entries first. */
  recent(limit: number, query?: AuditQuery): Promise<AuditEntry[]>;
}

/** The optional facts of an entry that are set: none is stored (or shown) empty. */
const setFacts = (entry: Pick<AuditEntry, 'target' | 'province' | 'details'>) => ({
  ...(entry.target ? { target: entry.target } : {}),
  ...(entry.province ? { province: entry.province } : {}),
  ...(entry.details ? { details: entry.details } : {}),
});

function toEntry(doc: AuditEntryDocument): AuditEntry {
  return { id: doc._id, at: doc.at, actor: doc.actor, action: doc.action, ...setFacts(doc) };
}

export function createAuditRepository(models: Models): AuditRepository {
  const { auditEntries } = models;
  let sequence = 0;
  return {
    async append(entry) {
      // Time, then this process's sequence, in the id: entries of one millisecond still sort in the order written.
      sequence = (sequence + 1) % 1_000_000;
      const id = `${entry.at.getTime().toString(36).padStart(9, '0')}-${String(sequence).padStart(6, '0')}-${randomUUID()}`;
      const doc: AuditEntryDocument = {
        _id: id,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        ...setFacts(entry),
      };
      await auditEntries.create(doc);
      return toEntry(doc);
    },
    async recent(limit, query = {}) {
      const filter: Record<string, string> = {};
      if (query.actor) filter.actor = query.actor;
      if (query.action) filter.action = query.action;
      if (query.target) filter.target = query.target;
      const docs = await auditEntries.find(filter).sort({ at: -1, _id: -1 }).limit(limit).lean<AuditEntryDocument[]>();
      return docs.map(toEntry);
    },
  };
}
