/** Creating a mission: who may, who would be invited and what excludes the rest, then the invitations. */
import type { Coordinator } from '../../domain/callups/callup.ts';
import { type Mission, type MissionDraft, mayCreateMission } from '../../domain/missions/mission.ts';
import { exclusionReasons, type ReadinessSummary, summariseReadiness } from '../../domain/missions/readiness.ts';
import { PROVINCES } from '../../domain/reference/provinces.ts';
import type { Translate } from '../../i18n/index.ts';
import type { SendNow } from '../../messaging/send-now.ts';
import type { QueuedMessage, SendThroughOutbox } from '../../messaging/send-through-outbox.ts';
import type {
  MissionRepository,
  StoredMissionAnswer,
} from '../../persistence/repositories/missions/mission.repository.ts';
import type { MissionPledgeRepository } from '../../persistence/repositories/missions/mission-pledge.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import { newCallUpId } from '../callups/creation.service.ts';
import type { CallUpAccess, CandidateSource } from '../callups/ports.ts';
import { MISSION_CARD } from './mission-actions.ts';
import { missionCardText } from './mission-texts.ts';

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

const ALL_PROVINCES = PROVINCES.map((p) => p.code);

/** Volunteers of the needed specialties within reach, each with their long-missions part (or null). */
async function pool(deps: MissionDeps, draft: Pick<MissionDraft, 'destination' | 'needs' | 'requirements'>) {
  const d = draft.destination;
  const found = await deps.candidates.find(
    {
      specialties: draft.needs.map((n) => n.specialty),
      provinces: d.kind === 'abroad' ? ALL_PROVINCES : [d.province],
      // Weeks away: the pledged weekdays and hours of a shift say nothing about it.
      urgency: 'immediate',
      startsAt: draft.requirements.startsOn,
    },
    deps.now(),
  );
  const pledges = await deps.pledges.getMany(found.map((v) => v.key));
  return found.map((v) => ({ volunteer: v, pledge: pledges.get(v.key) ?? null }));
}

/** The card a volunteer gets, in their language, with «داوطلبم» and «این بار نمی‌توانم». */
function invitation(t: Translate, mission: Mission, a: StoredMissionAnswer): QueuedMessage {
  const button = (key: string, prefix: string) => ({ text: t(a.locale, key), data: `${prefix}${mission.id}` });
  return {
    id: `mission:${mission.id}:${a.volunteerKey}`,
    to: { platform: a.platform, chatId: a.chatId },
    userKey: a.volunteerKey,
    message: {
      text: missionCardText(t, a.locale, mission),
      buttons: [
        [
          button('missions:call.volunteer', MISSION_CARD.volunteer),
          button('missions:call.decline', MISSION_CARD.decline),
        ],
      ],
    },
  };
}

export function createMissionCallUps(deps: MissionDeps) {
  const { t } = deps;
  return {
    /** The provinces the person may send missions in; null for all. */
    provincesFor: (userKey: string) => deps.access.provincesOf(userKey),

    async mayCreate(userKey: string, destination: MissionDraft['destination'] | { kind: 'abroad' }): Promise<boolean> {
      const provinces = await deps.access.provincesOf(userKey);
      if (provinces !== null && provinces.length === 0) return false;
      return mayCreateMission(provinces, destination, ALL_PROVINCES);
    },

    async preview(draft: Pick<MissionDraft, 'destination' | 'needs' | 'requirements'>): Promise<MissionPreview> {
      const people = await pool(deps, draft);
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
     * Stores the mission and invites every volunteer who meets its requirements; refused (false) when the person may
     * not send it there. A draft confirmed twice is created once.
     */
    async create(coordinator: Coordinator, draft: MissionDraft, id: string): Promise<Mission | undefined> {
      if (!(await this.mayCreate(coordinator.key, draft.destination))) {
        await deps.access.logRefusal(coordinator.key, 'mission', 'forbidden');
        return undefined;
      }
      const existing = await deps.missions.get(id);
      if (existing) return existing;
      const now = deps.now();
      const ready = (await pool(deps, draft)).filter(
        (p) => exclusionReasons(p.pledge, draft.requirements).length === 0,
      );
      const mission: Mission = {
        ...draft,
        id,
        kind: 'mission',
        status: 'open',
        coordinator,
        invited: ready.length,
        confirmationsSentAt: null,
        hoursCreditedAt: null,
        createdAt: now,
      };
      await deps.missions.create(mission);
      const answers = ready.map(({ volunteer: v }) => ({
        missionId: id,
        volunteerKey: v.key,
        platform: v.platform,
        chatId: v.chatId,
        locale: v.locale,
        specialty: v.specialty,
        state: 'invited' as const,
        volunteeredAt: null,
      }));
      await deps.missions.invite(answers, now);
      await deps.notices.enqueue(
        `mission:${id}`,
        answers.map((a) => invitation(t, mission, a)),
        { urgent: true },
      );
      return mission;
    },
  };
}

export type MissionCallUps = ReturnType<typeof createMissionCallUps>;
