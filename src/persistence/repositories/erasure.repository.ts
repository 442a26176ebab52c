import type { mongo } from 'mongoose';
import { invitationId } from '../../domain/callups/invitation.ts';
import { missionAnswerId } from '../../domain/missions/mission.ts';
import { redactDeep } from '../../domain/volunteers/redaction.ts';
import type { CallUpAnswerDocument, ServedHoursDocument } from '../models/callup-answer.model.ts';
import type { Models } from '../models/index.ts';
import type { MissionAnswerDocument } from '../models/mission.model.ts';

/** "Delete my data" across collections other repositories own: what it keeps is keyed by an anonymous id. */
export interface ErasureRepository {
  /**
   * Moves the person's invitations, seats and served hours (missions' too) to the anonymous id, without the chat id,
   * so answer rates, fill times and hours still count; forgets the card a bare «۱» would answer and the long-missions
   * part of the pledge.
   */
  anonymiseCallUps(volunteerKey: string, anonymousId: string): Promise<void>;
  /**
   * Runs every string of every stored document (outside `_id`) through `redact` and writes back what changed: the
   * message log of other chats, the audit log, others' sessions, call-ups, outbox messages. A full scan of each
   * collection, fine for this rare request on FerretDB too. People's own records (volunteers, users) are skipped:
   * the erased person's are gone by then, and another person's must never be rewritten by a look-alike number.
   * Returns how many documents changed.
   */
  redactEverywhere(redact: (text: string) => string): Promise<number>;
}

const OWN_RECORDS: ReadonlySet<keyof Models> = new Set(['volunteers', 'users']);

/** A collection keyed by strings, written through the driver: mongoose would refuse an invitation's empty chat id. */
type StringKeyed = mongo.Collection<{ _id: string } & mongo.Document>;

/** Inserts a copy under a new `_id`, then deletes the original: a crash in between keeps a count, never loses it. */
async function moveTo(collection: StringKeyed, from: string, doc: { _id: string } & mongo.Document): Promise<void> {
  await collection.insertOne(doc);
  await collection.deleteOne({ _id: from });
}

/** `forgetKept`: records are written past the repositories that keep them in memory (see ChatOrder.forgetKept). */
export function createErasureRepository(models: Models, forgetKept: () => void): ErasureRepository {
  const { callUpAnswers, callUpSeats, callUpLastCards, servedHours } = models;
  return {
    async anonymiseCallUps(volunteerKey, anonymousId) {
      for (const doc of await callUpAnswers.find({ volunteerKey }).lean<CallUpAnswerDocument[]>()) {
        await moveTo(callUpAnswers.collection as unknown as StringKeyed, doc._id, {
          ...doc,
          _id: invitationId(doc.callUpId, anonymousId),
          volunteerKey: anonymousId,
          chatId: '',
        });
      }
      await callUpSeats.updateMany({ volunteerKey }, { $set: { volunteerKey: anonymousId } });
      forgetKept();
      for (const doc of await servedHours.find({ volunteerKey }).lean<ServedHoursDocument[]>()) {
        await moveTo(servedHours.collection as unknown as StringKeyed, doc._id, {
          ...doc,
          _id: `${doc.month}:${anonymousId}`,
          volunteerKey: anonymousId,
        });
      }
      await callUpLastCards.deleteOne({ _id: volunteerKey });
      // The long-missions part goes; hours served on missions stay in the totals under the anonymous id.
      await models.missionPledges.deleteOne({ _id: volunteerKey });
      const missionHours = await models.missionHours.findById(volunteerKey).lean<{ _id: string; hours: number }>();
      if (missionHours) {
        const collection = models.missionHours.collection as unknown as StringKeyed;
        await moveTo(collection, volunteerKey, { ...missionHours, _id: anonymousId });
      }
      // Their mission answers keep the shortlists' figures, without the chat id.
      const missionAnswers = models.missionAnswers.collection as unknown as StringKeyed;
      for (const doc of await models.missionAnswers.find({ volunteerKey }).lean<MissionAnswerDocument[]>()) {
        const _id = missionAnswerId(doc.missionId, anonymousId);
        await moveTo(missionAnswers, doc._id, { ...doc, _id, volunteerKey: anonymousId, chatId: '' });
      }
    },

    async redactEverywhere(redact) {
      let changed = 0;
      for (const [name, model] of Object.entries(models) as [keyof Models, Models[keyof Models]][]) {
        if (OWN_RECORDS.has(name)) continue;
        const { collection } = model as Models['messages'];
        const updates: { filter: mongo.Filter<mongo.Document>; set: Record<string, unknown> }[] = [];
        // Read to the end first, write afterwards: no write while the scan's cursor is open.
        for await (const doc of collection.find({})) {
          const set: Record<string, unknown> = {};
          for (const [field, value] of Object.entries(doc)) {
            if (field === '_id') continue;
            const redacted = redactDeep(value, redact);
            if (redacted !== value) set[field] = redacted;
          }
          if (Object.keys(set).length > 0) updates.push({ filter: { _id: doc._id }, set });
        }
        for (const { filter, set } of updates) await collection.updateOne(filter, { $set: set });
        changed += updates.length;
      }
      return changed;
    },
  };
}
