import { Schema } from 'mongoose';
import type { AuditAction, AuditDetails } from '../../domain/roles/audit-action.ts';

/** One line of the audit log: who (a user key), what (an action code), when; never a name or a number. */
export interface AuditEntryDocument {
  _id: string;
  at: Date;
  actor: string;
  action: AuditAction;
  target?: string;
  province?: string;
  details?: AuditDetails;
}

export const auditEntrySchema = new Schema<AuditEntryDocument>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    target: { type: String },
    province: { type: String },
    details: { type: Schema.Types.Mixed },
  },
  { collection: 'audit_log', versionKey: false },
);

auditEntrySchema.index({ at: -1 });
auditEntrySchema.index({ actor: 1, at: -1 });
