import { Schema } from 'mongoose';
import type { AuditEntry } from '../../domain/roles/audit-action.ts';
import { collectionSchema, type Fields, required } from './fields.ts';

/** One line of the audit log: who (a user key), what (an action code), when; never a name or a number. */
export type AuditEntryDocument = Omit<AuditEntry, 'id'> & { _id: string };

export const auditEntrySchema = collectionSchema<AuditEntryDocument>('audit_log', {
  ...required({ _id: String, at: Date, actor: String, action: String }),
  target: { type: String },
  province: { type: String },
  details: { type: Schema.Types.Mixed },
} satisfies Fields<AuditEntryDocument>);

auditEntrySchema.index({ at: -1 });
auditEntrySchema.index({ actor: 1, at: -1 });
