import type { Reachable } from '../../domain/identity/reach-point.ts';
import type { Models } from '../models/index.ts';
import type { VolunteerDocument } from '../models/volunteer.model.ts';
import type { VolunteerRepository } from './volunteer.repository.ts';
import { REGISTERED } from './volunteer-documents.ts';

/** What the identity migration reads of every registered person. */
export interface PersonIdentity extends Reachable {
  mobile: string;
  mobileVerified: boolean;
  registeredAt: Date;
}

/** The identity fields of every registered person (one scan, a few fields each), for the start-up migration. */
export function createVolunteerIdentities(
  volunteers: Models['volunteers'],
): Pick<VolunteerRepository, 'listIdentities'> {
  return {
    async listIdentities() {
      const docs = await volunteers
        .find({ status: { $in: [...REGISTERED] } })
        .select({ mobile: 1, mobileVerified: 1, registeredAt: 1, platform: 1, chatId: 1, reachPoints: 1 })
        .lean<VolunteerDocument[]>();
      return docs.map((doc) => ({
        key: doc._id,
        platform: doc.platform!,
        chatId: doc.chatId!,
        reachPoints: doc.reachPoints,
        mobile: doc.mobile ?? '',
        mobileVerified: doc.mobileVerified === true,
        registeredAt: doc.registeredAt ?? new Date(0),
      }));
    },
  };
}
