/**
 * What the audit log records: who did what, when. Entries hold user keys and codes, never names, phone or licence
 * numbers, so "delete my data" leaves nothing personal behind in the log.
 */
export const AUDIT_ACTIONS = [
  'coordinator.invited',
  'coordinator.appointed',
  'coordinator.requested',
  'coordinator.approved',
  'coordinator.declined',
  'coordinator.changed',
  'coordinator.removed',
  /** The coordinator (or requester) deleted their data: the record went, and the entry names them by an anonymous id. */
  'coordinator.erased',
  'volunteer.verified',
  'volunteer.rejected',
  /** A second messenger account joined a person (they said "this is me"), or an admin merged or kept two apart. */
  'person.linked',
  'person.merged',
  'person.kept_apart',
  'export.volunteers',
  'export.callup',
  'callup.created',
  'callup.changed',
  'callup.cancelled',
  /** A message to a call-up's confirmed volunteers (details: how many; the text is not kept). */
  'callup.messaged',
  'announcement.sent',
  'user.blocked',
  'user.unblocked',
  'access.refused',
  /** Signed in to the dashboard (details: `via` telegram or link). */
  'dashboard.signed_in',
  /** Asked for a one-time dashboard sign-in link. */
  'dashboard.link_issued',
  'base.created',
  'base.changed',
  'base.closed',
  'base.reopened',
  'base.imported',
  'base.leader_invited',
  'base.leader_appointed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Small, non-personal facts about an action: codes, counts, ids. */
export type AuditDetails = Record<string, string | number | boolean | readonly string[]>;

export interface AuditEntry {
  id: string;
  at: Date;
  /** The user key of whoever acted (or tried to). */
  actor: string;
  action: AuditAction;
  /** The user key or record id acted upon, if any. */
  target?: string;
  province?: string;
  details?: AuditDetails;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: Date };
