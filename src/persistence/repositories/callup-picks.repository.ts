import type { MatchFields } from '../../domain/callups/matching.ts';
import { insertUnordered } from '../insert-unordered.ts';
import type { CallUpPicksDocument } from '../models/callup.model.ts';
import type { Models } from '../models/index.ts';
import type { CallUpRepository } from './callup.repository.ts';

/** A volunteer chosen for a wave, before their record is read again to invite them. */
export type PickedVolunteer = Pick<MatchFields, 'key' | 'specialty'>;

/** A first wave's volunteers in the order they are invited; the first `queued` of them are invited already. */
export interface FirstWavePicks {
  picks: PickedVolunteer[];
  queued: number;
}

/**
 * How far the wave got is a small document of its own beside the picks: noting it in the picks' document rewrote the
 * whole list (a hundred kilobytes for 5,000), a fifth of a second of FerretDB's time per chunk while the cards went out.
 */
const positionId = (callUpId: string) => `${callUpId}#queued`;

/**
 * A first wave's picks, one document per call-up, and its position: read, and written, by `_id` alone (pushed down on
 * FerretDB).
 */
export function createCallUpPicks(
  callUpPicks: Models['callUpPicks'],
): Pick<CallUpRepository, 'savePicks' | 'picks' | 'notePicksQueued' | 'forgetPicks'> {
  return {
    async savePicks(callUpId, picks, at) {
      // Runs of one specialty (a wave lists each specialty's picks together), in their order.
      const runs: CallUpPicksDocument['picks'] = [];
      for (const { key, specialty } of picks) {
        const last = runs.at(-1);
        if (last?.specialty === specialty) last.keys.push(key);
        else runs.push({ specialty, keys: [key] });
      }
      const docs: CallUpPicksDocument[] = [
        { _id: callUpId, picks: runs, queued: 0, createdAt: at },
        { _id: positionId(callUpId), picks: [], queued: 0, createdAt: at },
      ];
      // A duplicate was saved by an earlier attempt at this wave, whose picks (and position) stand.
      await insertUnordered((chunk) => callUpPicks.collection.insertMany(chunk, { ordered: false }), docs);
    },
    async picks(callUpId) {
      const [doc, position] = await Promise.all(
        [callUpId, positionId(callUpId)].map((id) => callUpPicks.findById(id).lean<CallUpPicksDocument>()),
      );
      if (!doc) return undefined;
      return {
        picks: doc.picks.flatMap(({ specialty, keys }) => keys.map((key) => ({ key, specialty }))),
        queued: Math.max(doc.queued, position?.queued ?? 0),
      };
    },
    async notePicksQueued(callUpId, queued) {
      await callUpPicks.updateOne({ _id: positionId(callUpId) }, { $set: { queued } });
    },
    async forgetPicks(callUpId) {
      // The picks first: they name the volunteers, and without them nothing reads the position.
      await callUpPicks.deleteOne({ _id: callUpId });
      await callUpPicks.deleteOne({ _id: positionId(callUpId) });
    },
  };
}
