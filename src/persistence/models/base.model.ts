import { Schema } from 'mongoose';
import type { Base } from '../../domain/bases/base.ts';
import { BASE_STATUSES } from '../../domain/bases/base.ts';
import { collectionSchema, required } from './fields.ts';

/** A base; `_id` is its short id (buttons carry it). `sameKey` finds the same base given twice (kind, name, city). */
export type BaseDocument = Omit<Base, 'id'> & { _id: string; sameKey: string };

const point = new Schema({ lat: Number, lon: Number }, { _id: false });

export const baseSchema = collectionSchema<BaseDocument>(
  'bases',
  {
    ...required({ _id: String, kind: String, name: String, province: String, city: String, sameKey: String }),
    ...required({ createdBy: String, createdAt: Date, updatedAt: Date }),
    neighbourhood: { type: String, default: null },
    location: { type: point, required: true },
    locationFrom: { type: String, enum: ['pin', 'city'], required: true },
    leaders: { type: [String], default: [] },
    status: { type: String, enum: BASE_STATUSES, required: true },
  },
  { minimize: false },
);

baseSchema.index({ sameKey: 1 }, { unique: true });
baseSchema.index({ province: 1, city: 1 });
baseSchema.index({ leaders: 1 });
