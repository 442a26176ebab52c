import type { MatchFields } from '../../domain/callups/matching.ts';
import { isDuplicateKeyError } from '../errors.ts';
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

/** A first wave's picks, one document per call-up: read, and written, by `_id` alone (pushed down on FerretDB). */
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
      try {
        await callUpPicks.create({
          _id: callUpId,
          picks: runs,
          queued: 0,
          createdAt: at,
        });
      } catch (error) {
        // Saved already by an earlier attempt at this wave, whose picks stand.
        if (!isDuplicateKeyError(error)) throw error;
      }
    },
    async picks(callUpId) {
      const doc = await callUpPicks.findById(callUpId).lean<CallUpPicksDocument>();
      if (!doc) return undefined;
      return {
        picks: doc.picks.flatMap(({ specialty, keys }) => keys.map((key) => ({ key, specialty }))),
        queued: doc.queued,
      };
    },
    async notePicksQueued(callUpId, queued) {
      await callUpPicks.updateOne({ _id: callUpId }, { $set: { queued } });
    },
    async forgetPicks(callUpId) {
      await callUpPicks.deleteOne({ _id: callUpId });
    },
  };
}
