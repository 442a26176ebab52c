import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import type { CoordinatorStatus } from '../../domain/roles/coordinator.ts';
import { collectionSchema, required } from './fields.ts';

/** A coordinator or a pending request to become one; `_id` is the user key, so one record per person. */
export interface CoordinatorDocument {
  _id: string;
  platform: Platform;
  chatId: string;
  name: string;
  status: CoordinatorStatus;
  provinces: string[];
  note?: string | null;
  via: 'invite' | 'request';
  requestedAt?: Date | null;
  appointedAt?: Date | null;
  appointedBy?: string | null;
  updatedAt: Date;
}

export const coordinatorSchema = collectionSchema<CoordinatorDocument>(
  'coordinators',
  {
    ...required({ _id: String, chatId: String, updatedAt: Date }),
    platform: { type: String, enum: PLATFORMS, required: true },
    name: { type: String, default: '' },
    status: { type: String, enum: ['requested', 'active'], required: true },
    provinces: { type: [String], default: [] },
    note: { type: String, default: undefined },
    via: { type: String, enum: ['invite', 'request'], required: true },
    requestedAt: { type: Date, default: undefined },
    appointedAt: { type: Date, default: undefined },
    appointedBy: { type: String, default: undefined },
  },
  { minimize: false },
);

coordinatorSchema.index({ status: 1 });
