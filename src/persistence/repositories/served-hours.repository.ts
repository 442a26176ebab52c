import type { DocumentLock } from '../document-lock.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { ServedHoursDocument } from '../models/callup-answer.model.ts';
import type { Models } from '../models/index.ts';
import type { CallUpAnswerRepository } from './callup-answer.repository.ts';

/** Hours served per volunteer and (Jalali) month, one record each. */
export function createServedHours(
  servedHours: Models['servedHours'],
  lock: DocumentLock,
): Pick<CallUpAnswerRepository, 'addServedHours' | 'servedInMonth'> {
  return {
    async addServedHours(month, volunteerKey, hours) {
      const id = `${month}:${volunteerKey}`;
      await lock(`served_hours:${id}`, async () => {
        const current = await servedHours.findById(id).lean<ServedHoursDocument>();
        if (current) {
          await servedHours.updateOne({ _id: id }, { $set: { hours: current.hours + hours } });
          return;
        }
        try {
          await servedHours.create({ _id: id, month, volunteerKey, hours });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          await servedHours.updateOne({ _id: id }, { $inc: { hours } });
        }
      });
    },
    async servedInMonth(month) {
      const docs = await servedHours.find({ month }).lean<ServedHoursDocument[]>();
      return new Map(docs.map((d) => [d.volunteerKey, d.hours]));
    },
  };
}
