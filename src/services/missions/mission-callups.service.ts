/** Creating a mission: who may, who would be invited and what excludes the rest, then the invitations. */
import type { Coordinator } from '../../domain/callups/callup.ts';
import { type Mission, type MissionDraft, mayCreateMission } from '../../domain/missions/mission.ts';
import { type ReadinessSummary, summariseReadiness } from '../../domain/missions/readiness.ts';
import type { Translate } from '../../i18n/index.ts';
import type { SendNow } from '../../messaging/send-now.ts';
import type { SendThroughOutbox } from '../../messaging/send-through-outbox.ts';
import type { MissionRepository } from '../../persistence/repositories/missions/mission.repository.ts';
import type { MissionPledgeRepository } from '../../persistence/repositories/missions/mission-pledge.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import { newCallUpId } from '../callups/creation.service.ts';
import type { CallUpAccess, CandidateSource } from '../callups/ports.ts';
import { ALL_PROVINCES, missionPool, storeAndInvite } from './mission-invitations.ts';

export interface MissionDeps {
  missions: MissionRepository;
  pledges: Pick<MissionPledgeRepository, 'getMany' | 'get' | 'addHours'>;
  candidates: CandidateSource;
  volunteers: Pick<VolunteerRepository, 'get'>;
  access: Pick<CallUpAccess, 'provincesOf' | 'logRefusal'>;
  notices: SendThroughOutbox;
  chat: SendNow;
  t: Translate;
  now: () => Date;
  /** Hours a mission day counts for (config MISSION_HOURS_PER_DAY). */
  hoursPerDay: number;
}

export interface MissionPreview {
  /** Volunteers of the needed specialties who could be asked (active, reachable, within reach). */
  pool: number;
  summary: ReadinessSummary;
}

export function createMissionCallUps(deps: MissionDeps) {
  return {
    /** The provinces the person may send missions in; null for all. */
    provincesFor: (userKey: string) => deps.access.provincesOf(userKey),

    async mayCreate(userKey: string, destination: MissionDraft['destination'] | { kind: 'abroad' }): Promise<boolean> {
      const provinces = await deps.access.provincesOf(userKey);
      if (provinces !== null && provinces.length === 0) return false;
      return mayCreateMission(provinces, destination, ALL_PROVINCES);
    },

    async preview(draft: Pick<MissionDraft, 'destination' | 'needs' | 'requirements'>): Promise<MissionPreview> {
      const people = await missionPool(deps, draft);
      return {
        pool: people.length,
        summary: summariseReadiness(
          people.map((p) => p.pledge),
          draft.requirements,
        ),
      };
    },

    newDraftId: newCallUpId,

    /** The person's latest missions, newest first. */
    listMine: (userKey: string) => deps.missions.listMine(userKey, 10),

    /**
     * Stores the mission and invites every volunteer who meets its requirements; refused (undefined) when the person may
     * not send it there. A draft confirmed twice is created once.
     */
    async create(coordinator: Coordinator, draft: MissionDraft, id: string): Promise<Mission | undefined> {
      if (!(await this.mayCreate(coordinator.key, draft.destination))) {
        await deps.access.logRefusal(coordinator.key, 'mission', 'forbidden');
        return undefined;
      }
      const existing = await deps.missions.get(id);
      if (existing) return existing;
      return storeAndInvite(deps, draft, { id, coordinator });
    },
  };
}

export type MissionCallUps = ReturnType<typeof createMissionCallUps>;
