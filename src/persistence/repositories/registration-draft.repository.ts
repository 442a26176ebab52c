import { type RegistrationDraft, registrationDraftSchema } from '../../domain/volunteers/volunteer.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { KeyedSerializer } from '../keyed-serializer.ts';
import type { Models } from '../models/index.ts';
import type { VolunteerDocument } from '../models/volunteer.model.ts';
import { orNull } from './lean-fields.ts';

/** Registrations in progress: a `registering` record under the user's key, until the volunteer replaces it. */
export interface RegistrationDrafts {
  /** Records that a user consented and started registering; does nothing when they have any record already. */
  startDraft(draft: RegistrationDraft): Promise<void>;
  getDraft(key: string): Promise<RegistrationDraft | undefined>;
  /** Drafts started before `startedBefore` that have had no reminder yet. */
  findDraftsToRemind(startedBefore: Date, limit: number): Promise<RegistrationDraft[]>;
  /** Marks the draft reminded; false when another run did it first or the draft is gone. */
  markDraftReminded(key: string, at: Date): Promise<boolean>;
  deleteDraft(key: string): Promise<void>;
}

function toDraft(doc: VolunteerDocument): RegistrationDraft | undefined {
  if (doc.status !== 'registering') return undefined;
  return {
    key: doc._id,
    platform: doc.platform!,
    chatId: doc.chatId!,
    locale: doc.locale!,
    startedAt: doc.startedAt!,
    remindedAt: orNull(doc.remindedAt),
  };
}

/** Drafts live in the volunteers collection under the user's key, so they share the volunteer's write serializer. */
export function createRegistrationDrafts(
  volunteers: Models['volunteers'],
  serialize: KeyedSerializer,
  readDoc: (key: string) => Promise<VolunteerDocument | null>,
): RegistrationDrafts {
  return {
    async startDraft(draft) {
      const { key, ...fields } = registrationDraftSchema.parse(draft);
      return serialize(key, async () => {
        try {
          await volunteers.create({ _id: key, status: 'registering', ...fields });
        } catch (error) {
          // A record exists: a draft already (keep its start, so the reminder is not pushed back) or a volunteer.
          if (!isDuplicateKeyError(error)) throw error;
        }
      });
    },
    async getDraft(key) {
      const doc = await readDoc(key);
      return doc ? toDraft(doc) : undefined;
    },
    async findDraftsToRemind(startedBefore, limit) {
      const docs = await volunteers
        .find({ status: 'registering', startedAt: { $lte: startedBefore }, remindedAt: null })
        .sort({ startedAt: 1 })
        .limit(limit)
        .lean<VolunteerDocument[]>();
      return docs.map(toDraft).filter((d): d is RegistrationDraft => d !== undefined);
    },
    markDraftReminded(key, at) {
      return serialize(key, async () => {
        const result = await volunteers.updateOne(
          { _id: key, status: 'registering', remindedAt: null },
          { $set: { remindedAt: at } },
        );
        return result.modifiedCount > 0;
      });
    },
    deleteDraft(key) {
      return serialize(key, async () => {
        await volunteers.deleteOne({ _id: key, status: 'registering' });
      });
    },
  };
}
