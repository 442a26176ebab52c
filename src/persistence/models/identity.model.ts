import { collectionSchema, required } from './fields.ts';

/**
 * Who holds a mobile number, looked up by `_id` (the E.164 number): FerretDB pushes down only `_id` filters, so
 * registration's ownership check reads one document instead of scanning every volunteer. Rebuilt from the
 * volunteers at every start (see identity-migration.ts), so a crash between two writes heals.
 */
export interface MobileOwnersDocument {
  _id: string;
  owners: { key: string; verified: boolean }[];
}

export const mobileOwnersSchema = collectionSchema<MobileOwnersDocument>('mobile_owners', {
  _id: { type: String, required: true },
  owners: { type: [{ _id: false, key: String, verified: Boolean }], default: [] },
});

/**
 * `declined_link`: both proved the number, and the second said the first is not them; `shared_verified`: a profile
 * edit proved a number another person proved; `shared_typed`: at least one of them typed it.
 */
export const DUPLICATE_REASONS = ['declined_link', 'shared_verified', 'shared_typed'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];
export const DUPLICATE_STATES = ['open', 'merged', 'apart'] as const;
export type DuplicateState = (typeof DUPLICATE_STATES)[number];

/** Two people who may be one, for an admin to merge or keep apart; `_id` = both keys sorted, joined by `|`. */
export interface DuplicatePairDocument {
  _id: string;
  keys: [string, string];
  reason: DuplicateReason;
  state: DuplicateState;
  flaggedAt: Date;
  decidedBy?: string;
  decidedAt?: Date;
}

export const duplicatePairSchema = collectionSchema<DuplicatePairDocument>('duplicate_pairs', {
  ...required({ _id: String, flaggedAt: Date }),
  keys: { type: [String], required: true },
  reason: { type: String, enum: DUPLICATE_REASONS, required: true },
  state: { type: String, enum: DUPLICATE_STATES, required: true },
  decidedBy: { type: String, default: undefined },
  decidedAt: { type: Date, default: undefined },
});
duplicatePairSchema.index({ state: 1, flaggedAt: 1 });
