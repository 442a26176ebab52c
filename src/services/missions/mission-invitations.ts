/** Who a mission reaches and the invitations it sends: everyone within reach who meets every requirement. */
import type { Mission, MissionDraft } from '../../domain/missions/mission.ts';
import { exclusionReasons } from '../../domain/missions/readiness.ts';
import { PROVINCES } from '../../domain/reference/provinces.ts';
import type { Translate } from '../../i18n/index.ts';
import type { QueuedMessage } from '../../messaging/send-through-outbox.ts';
import type { StoredMissionAnswer } from '../../persistence/repositories/missions/mission.repository.ts';
import { MISSION_CARD } from './mission-actions.ts';
import type { MissionDeps } from './mission-callups.service.ts';
import { missionCardText } from './mission-texts.ts';

export const ALL_PROVINCES = PROVINCES.map((p) => p.code);

/** Volunteers of the needed specialties within reach, each with their long-missions part (or null). */
export async function missionPool(
  deps: Pick<MissionDeps, 'candidates' | 'pledges' | 'now'>,
  draft: Pick<MissionDraft, 'destination' | 'needs' | 'requirements'>,
) {
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

/** Stores the mission with an invitation for each volunteer who fits, and queues their cards (urgent). */
export async function storeAndInvite(
  deps: MissionDeps,
  draft: MissionDraft,
  identity: Pick<Mission, 'id' | 'coordinator'>,
): Promise<Mission> {
  const now = deps.now();
  const ready = (await missionPool(deps, draft)).filter(
    (p) => exclusionReasons(p.pledge, draft.requirements).length === 0,
  );
  const mission: Mission = {
    ...draft,
    ...identity,
    kind: 'mission',
    status: 'open',
    invited: ready.length,
    confirmationsSentAt: null,
    hoursCreditedAt: null,
    createdAt: now,
  };
  await deps.missions.create(mission);
  const answers = ready.map(({ volunteer: v }) => ({
    missionId: mission.id,
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
    `mission:${mission.id}`,
    answers.map((a) => invitation(deps.t, mission, a)),
    { urgent: true },
  );
  return mission;
}
