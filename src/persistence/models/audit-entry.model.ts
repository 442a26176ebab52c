import { Schema } from 'mongoose';
import type { AuditEntry } from '../../domain/roles/audit-action.ts';
import type { Fields } from './fields.ts';

/** One line of the audit log: who (a user key), what (an action code), when; never a name or a number. */
export type AuditEntryDocument = Omit<AuditEntry, 'id'> & { _id: string };

export const auditEntrySchema = new Schema<AuditEntryDocument>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    target: { type: String },
    province: { type: String },
    details: { type: Schema.Types.Mixed },
  } satisfies Fields<AuditEntryDocument>,
  { collection: 'audit_log', versionKey: false },
);

auditEntrySchema.index({ at: -1 });
auditEntrySchema.index({ actor: 1, at: -1 });
