/**
 * MongoDB's side of call-ups by distance: the `2dsphere` index on `geo`, and `geo` filled in for volunteers stored
 * before it existed (every write since keeps it, see volunteer-documents.ts). FerretDB has no geo indexes; the app
 * searches its in-process grid there instead.
 */
import type { Models } from '../models/index.ts';
import type { VolunteerDocument } from '../models/volunteer.model.ts';
import { geoOf, REGISTERED } from './volunteer-documents.ts';

const BATCH = 500;

export async function prepareGeoSearch(volunteers: Models['volunteers']): Promise<number> {
  // Not in the schema's index list: ensureIndexes runs on FerretDB too, which refuses a 2dsphere key.
  await volunteers.collection.createIndex({ geo: '2dsphere' }, { name: 'geo_2dsphere' });
  return fillMissingGeo(volunteers);
}

/** Writes `geo` where a registered volunteer has none; resolves with how many were filled. */
export async function fillMissingGeo(volunteers: Models['volunteers']): Promise<number> {
  const cursor = volunteers
    .find(
      { geo: { $exists: false }, status: { $in: [...REGISTERED] } },
      { province: 1, city: 1, location: 1, baseLocation: 1 },
    )
    .lean<VolunteerDocument[]>()
    .cursor();
  let filled = 0;
  let batch: { updateOne: { filter: Record<string, unknown>; update: Record<string, unknown> } }[] = [];
  const flush = async () => {
    if (batch.length > 0) await volunteers.bulkWrite(batch, { ordered: false });
    batch = [];
  };
  for await (const doc of cursor) {
    const { province = '', city = '', location = null, baseLocation = null } = doc;
    const geo = geoOf({ province, city, location, baseLocation });
    if (!geo) continue;
    // Only where no write has set it meanwhile: that write knew the volunteer's latest city or pin.
    batch.push({ updateOne: { filter: { _id: doc._id, geo: { $exists: false } }, update: { $set: { geo } } } });
    filled += 1;
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return filled;
}
