import { collectionSchema, required } from './fields.ts';

/**
 * The dashboard's sign-in records. `_id` is the SHA-256 of the secret a person holds (a link's token, a session's
 * cookie), so a copy of the database signs nobody in.
 */
export interface DashboardLinkDocument {
  _id: string;
  userKey: string;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * The one use a sign-in link may have, keyed by the link's hash: inserting it is the claim, atomic on MongoDB and on
 * FerretDB v1 alike (whose findAndModify is not), so a link opened twice at once signs in only one browser.
 */
export interface DashboardLinkUseDocument {
  _id: string;
  usedAt: Date;
}

export interface DashboardSessionDocument {
  _id: string;
  userKey: string;
  /** `telegram` (a Mini App's signed initData) or `link` (a one-time sign-in link). */
  via: string;
  createdAt: Date;
  expiresAt: Date;
}

export const dashboardLinkSchema = collectionSchema<DashboardLinkDocument>('dashboard_links', {
  ...required({ _id: String, userKey: String, createdAt: Date, expiresAt: Date }),
});
dashboardLinkSchema.index({ expiresAt: 1 });

export const dashboardLinkUseSchema = collectionSchema<DashboardLinkUseDocument>('dashboard_link_uses', {
  ...required({ _id: String, usedAt: Date }),
});

export const dashboardSessionSchema = collectionSchema<DashboardSessionDocument>('dashboard_sessions', {
  ...required({ _id: String, userKey: String, via: String, createdAt: Date, expiresAt: Date }),
});
dashboardSessionSchema.index({ expiresAt: 1 });
