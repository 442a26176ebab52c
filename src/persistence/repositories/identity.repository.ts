import { isDuplicateKeyError } from '../errors.ts';
import { createKeyedSerializer } from '../keyed-serializer.ts';
import type { DuplicatePairDocument, DuplicateReason, MobileOwnersDocument } from '../models/identity.model.ts';
import type { Models } from '../models/index.ts';

export type { DuplicateReason } from '../models/identity.model.ts';

export interface MobileOwner {
  key: string;
  verified: boolean;
}

export interface DuplicatePair {
  id: string;
  keys: [string, string];
  reason: DuplicateReason;
  state: DuplicatePairDocument['state'];
  flaggedAt: Date;
}

/** Who holds which mobile number, and the pairs of people an admin is asked to merge or keep apart. */
export interface IdentityRepository {
  /** The people (person keys) whose record has this number. */
  ownersOf(mobile: string): Promise<MobileOwner[]>;
  /**
   * Notes that `key` holds `mobile` (replacing what was noted for that key under this number); returns the other
   * holders, as read for the claim.
   */
  claimMobile(mobile: string, owner: MobileOwner): Promise<MobileOwner[]>;
  releaseMobile(mobile: string, key: string): Promise<void>;
  /** Every number's holders (one scan), for the start-up pass. */
  allOwners(): Promise<Map<string, MobileOwner[]>>;
  /** Flags a pair for review unless it is flagged already (open or decided: a decision is never reopened). */
  flagPair(a: string, b: string, reason: DuplicateReason, at: Date): Promise<void>;
  getPair(id: string): Promise<DuplicatePair | undefined>;
  /** Open pairs, oldest first. */
  openPairs(limit: number): Promise<DuplicatePair[]>;
  /** Records the admin's decision; false when the pair was decided already. */
  decidePair(id: string, state: 'merged' | 'apart', by: string, at: Date): Promise<boolean>;
}

export const pairId = (a: string, b: string): string => [a, b].sort().join('|');

const toPair = (doc: DuplicatePairDocument): DuplicatePair => ({
  id: doc._id,
  keys: doc.keys,
  reason: doc.reason,
  state: doc.state,
  flaggedAt: doc.flaggedAt,
});

export function createIdentityRepository(models: Models): IdentityRepository {
  const { mobileOwners, duplicatePairs } = models;
  // One document per number, rewritten whole on FerretDB: one write at a time per number in this process.
  const serialize = createKeyedSerializer();
  const read = async (mobile: string) => (await mobileOwners.findById(mobile).lean<MobileOwnersDocument>())?.owners;

  const write = (mobile: string, owners: MobileOwner[]) =>
    owners.length === 0
      ? mobileOwners.deleteOne({ _id: mobile })
      : mobileOwners.updateOne({ _id: mobile }, { $set: { owners } }, { upsert: true });

  return {
    async ownersOf(mobile) {
      return (await read(mobile))?.map(({ key, verified }) => ({ key, verified })) ?? [];
    },
    claimMobile(mobile, owner) {
      return serialize(mobile, async () => {
        const owners = (await read(mobile)) ?? [];
        const others = owners.filter((o) => o.key !== owner.key).map(({ key, verified }) => ({ key, verified }));
        const current = owners.find((o) => o.key === owner.key);
        if (current?.verified !== owner.verified)
          await write(mobile, [...others, { key: owner.key, verified: owner.verified }]);
        return others;
      });
    },
    releaseMobile(mobile, key) {
      return serialize(mobile, async () => {
        const owners = (await read(mobile)) ?? [];
        if (owners.some((o) => o.key === key))
          await write(
            mobile,
            owners.filter((o) => o.key !== key),
          );
      });
    },
    async allOwners() {
      const docs = await mobileOwners.find({}).lean<MobileOwnersDocument[]>();
      return new Map(docs.map((doc) => [doc._id, doc.owners.map(({ key, verified }) => ({ key, verified }))]));
    },

    async flagPair(a, b, reason, at) {
      const keys = [a, b].sort() as [string, string];
      try {
        await duplicatePairs.create({ _id: pairId(a, b), keys, reason, state: 'open', flaggedAt: at });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    },
    async getPair(id) {
      const doc = await duplicatePairs.findById(id).lean<DuplicatePairDocument>();
      return doc ? toPair(doc) : undefined;
    },
    async openPairs(limit) {
      const docs = await duplicatePairs
        .find({ state: 'open' })
        .sort({ flaggedAt: 1, _id: 1 })
        .limit(limit)
        .lean<DuplicatePairDocument[]>();
      return docs.map(toPair);
    },
    async decidePair(id, state, by, at) {
      const result = await duplicatePairs.updateOne(
        { _id: id, state: 'open' },
        { $set: { state, decidedBy: by, decidedAt: at } },
      );
      return result.modifiedCount > 0;
    },
  };
}
