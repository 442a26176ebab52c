import { findByIds } from '../find-by-ids.ts';
import type { FinalDeliveryState } from '../models/delivery-result.model.ts';
import type { Models } from '../models/index.ts';

/** What the dashboard shows of an invited volunteer; the mobile is dropped later where the viewer may not see it. */
export interface PersonFacts {
  name: string;
  mobile: string;
  province: string;
  /** For an offline member, the base whose leader answered for them. */
  relayedBy?: string;
}

export interface ReadinessCount {
  province: string;
  specialty: string;
  count: number;
}

/** How one card's delivery ended (the outbox's result; none yet while it is on the way). */
export interface CardResult {
  recipientKey: string;
  state: FinalDeliveryState;
}

/** The dashboard's own reads: many people at once by key, and available volunteers per province and specialty. */
export interface DashboardReadRepository {
  /** The ended deliveries of an outbox campaign: only their recipient and outcome. */
  results(campaignId: string): Promise<CardResult[]>;
  people(keys: readonly string[]): Promise<Map<string, PersonFacts>>;
  /** Active volunteers who have not marked themselves unavailable at `now`, of some provinces (`null`: all). */
  readiness(provinces: readonly string[] | null, now: Date): Promise<ReadinessCount[]>;
}

const BATCH = 500;
/** Up to this many people are read one by one (each answered from the `_id` index); more, a batch at a time. */
const LOOKUPS_AT_MOST = 100;

export function createDashboardReadRepository(models: Models): DashboardReadRepository {
  const { volunteers, deliveryResults } = models;
  return {
    async results(campaignId) {
      return deliveryResults.find({ campaignId }, { _id: 0, recipientKey: 1, state: 1 }).lean<CardResult[]>();
    },
    async people(keys) {
      type Person = { _id: string; name?: string; mobile?: string; province?: string };
      // The few who just answered, each by `_id`; a page's first read of thousands, with one `$in` per batch (see
      // findByIds: on FerretDB each `$in` decodes every volunteer, each lookup by `_id` one).
      let docs: Person[] = [];
      if (keys.length <= LOOKUPS_AT_MOST) docs = await findByIds<Person>(volunteers, keys);
      else {
        for (let i = 0; i < keys.length; i += BATCH) {
          const filter = { _id: { $in: keys.slice(i, i + BATCH) } };
          docs.push(...(await volunteers.find(filter, { name: 1, mobile: 1, province: 1 }).lean<Person[]>()));
        }
      }
      return new Map(
        docs.map((doc) => [doc._id, { name: doc.name ?? '', mobile: doc.mobile ?? '', province: doc.province ?? '' }]),
      );
    },
    async readiness(provinces, now) {
      // Counted in one pass here, with the "unavailable until" rule beside the count it changes.
      const docs = await volunteers
        .find(
          { status: 'active', ...(provinces === null ? {} : { province: { $in: [...provinces] } }) },
          { province: 1, specialty: 1, unavailableUntil: 1 },
        )
        .lean<{ province?: string; specialty?: string; unavailableUntil?: Date | null }[]>();
      const counts = new Map<string, ReadinessCount>();
      for (const doc of docs) {
        if (!doc.province || !doc.specialty) continue;
        if (doc.unavailableUntil && doc.unavailableUntil.getTime() > now.getTime()) continue;
        const key = `${doc.province}|${doc.specialty}`;
        const entry = counts.get(key) ?? { province: doc.province, specialty: doc.specialty, count: 0 };
        entry.count += 1;
        counts.set(key, entry);
      }
      return [...counts.values()];
    },
  };
}
