import type { MissionPledge } from '../../domain/missions/mission-pledge.ts';
import type { MissionPledgeRepository } from '../../persistence/repositories/missions/mission-pledge.repository.ts';

export interface MissionPledgeService {
  /** The volunteer's long-missions part, or null when they have none. */
  get(key: string): Promise<MissionPledge | null>;
  /** Stores the part, or removes it when `pledge` is null (skipped or deleted). */
  save(key: string, pledge: MissionPledge | null): Promise<void>;
  /** Hours served on missions, kept apart from shift hours. */
  hoursServed(key: string): Promise<number>;
}

export function createMissionPledgeService(deps: {
  pledges: MissionPledgeRepository;
  now: () => Date;
}): MissionPledgeService {
  return {
    get: (key) => deps.pledges.get(key),
    hoursServed: (key) => deps.pledges.hoursServed(key),
    async save(key, pledge) {
      if (pledge === null) await deps.pledges.remove(key);
      else await deps.pledges.save(key, pledge, deps.now());
    },
  };
}
