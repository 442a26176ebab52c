/** The records behind reaching people: one-time codes, SMS sent and received, platform health (plain objects out). */

import { isDuplicateKeyError } from '../errors.ts';
import type { Models } from '../models/index.ts';
import type { OneTimeCodeDocument, PlatformHealthDocument, SmsMessageDocument } from '../models/reach.model.ts';

export type OneTimeCodeRecord = Omit<OneTimeCodeDocument, '_id'>;
export type SmsMessageRecord = Omit<SmsMessageDocument, '_id'> & { id: string };
export type PlatformHealthRecord = Omit<PlatformHealthDocument, '_id'> & { platform: string };

export interface OneTimeCodeRepository {
  get(phone: string): Promise<OneTimeCodeRecord | undefined>;
  put(phone: string, record: OneTimeCodeRecord): Promise<void>;
}

export function createOneTimeCodeRepository(models: Models): OneTimeCodeRepository {
  const { oneTimeCodes } = models;
  return {
    async get(phone) {
      const doc = await oneTimeCodes.findById(phone).lean();
      if (!doc) return undefined;
      const { _id, ...record } = doc;
      return record;
    },
    async put(phone, record) {
      await oneTimeCodes.replaceOne({ _id: phone }, record, { upsert: true });
    },
  };
}

export interface SmsMessageRepository {
  /** Records a card or code about to be sent; false when this `id` was recorded already (sent once only). */
  claim(message: SmsMessageRecord): Promise<boolean>;
  /** After the provider answered. */
  settle(
    id: string,
    update: Pick<SmsMessageRecord, 'state'> & Partial<Pick<SmsMessageRecord, 'providerId'>>,
  ): Promise<void>;
  /** The delivery report of a provider's message. */
  reportDelivery(providerId: string, state: 'delivered' | 'failed'): Promise<void>;
  /** Cards sent to this number since `since`, newest first. */
  cardsTo(phone: string, since: Date): Promise<SmsMessageRecord[]>;
  /** How many cards a call-up has texted (queued or sent). */
  countCards(callUpId: string): Promise<number>;
  /** The cards a call-up texted. */
  cardsOf(callUpId: string): Promise<SmsMessageRecord[]>;
  /** True the first time a provider's inbound message id is seen. */
  claimInbound(id: string, at: Date): Promise<boolean>;
}

const toSms = ({ _id, ...rest }: SmsMessageDocument): SmsMessageRecord => ({ id: _id, ...rest });

export function createSmsMessageRepository(models: Models): SmsMessageRepository {
  const { smsMessages, smsInbound } = models;
  const insertOnce = async (insert: () => Promise<unknown>) => {
    try {
      await insert();
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  };
  return {
    claim: ({ id, ...rest }) => insertOnce(() => smsMessages.create({ _id: id, ...rest })),
    async settle(id, update) {
      await smsMessages.updateOne({ _id: id }, { $set: update });
    },
    async reportDelivery(providerId, state) {
      await smsMessages.updateOne({ providerId }, { $set: { state } });
    },
    async cardsTo(phone, since) {
      const docs = await smsMessages
        .find({ phone, kind: 'card', at: { $gte: since } })
        .sort({ at: -1 })
        .lean();
      return docs.map(toSms);
    },
    countCards: (callUpId) => smsMessages.countDocuments({ callUpId, kind: 'card' }),
    async cardsOf(callUpId) {
      return (await smsMessages.find({ callUpId, kind: 'card' }).lean()).map(toSms);
    },
    claimInbound: (id, at) => insertOnce(() => smsInbound.create({ _id: id, at })),
  };
}

export interface PlatformHealthRepository {
  get(platform: string): Promise<PlatformHealthRecord | undefined>;
  list(): Promise<PlatformHealthRecord[]>;
  put(record: PlatformHealthRecord): Promise<void>;
}

export function createPlatformHealthRepository(models: Models): PlatformHealthRepository {
  const { platformHealth } = models;
  const toRecord = ({ _id, ...rest }: PlatformHealthDocument) => ({ platform: _id, ...rest });
  return {
    async get(platform) {
      const doc = await platformHealth.findById(platform).lean();
      return doc ? toRecord(doc) : undefined;
    },
    async list() {
      return (await platformHealth.find().lean()).map(toRecord);
    },
    async put({ platform, ...rest }) {
      await platformHealth.replaceOne({ _id: platform }, rest, { upsert: true });
    },
  };
}
