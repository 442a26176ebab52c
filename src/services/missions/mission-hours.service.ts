/** Hours served on missions: counted apart from the shift pledge, as days × the configured hours a day. */
import { missionDays } from '../../domain/missions/readiness.ts';
import type { MissionDeps } from './mission-callups.service.ts';

export function createMissionHours(deps: Pick<MissionDeps, 'missions' | 'pledges' | 'hoursPerDay'>) {
  return {
    /** Once a mission is over, each confirmed volunteer is credited its days × the hours a day; each mission once. */
    async creditHours(now: Date): Promise<number> {
      let credited = 0;
      for (const mission of await deps.missions.findToCredit(now, 50)) {
        if (!(await deps.missions.markCredited(mission.id, now))) continue;
        const hours = missionDays(mission.requirements) * deps.hoursPerDay;
        for (const a of await deps.missions.answers(mission.id)) {
          if (a.state !== 'confirmed') continue;
          await deps.pledges.addHours(a.volunteerKey, hours);
          credited += 1;
        }
      }
      return credited;
    },
  };
}

export type MissionHours = ReturnType<typeof createMissionHours>;
