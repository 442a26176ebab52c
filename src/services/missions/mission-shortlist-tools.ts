/** What the shortlist's use cases share: the mission of its own coordinator, names, and the two outcome messages. */
import type { Mission } from '../../domain/missions/mission.ts';
import { isolate } from '../../domain/text/persian-text.ts';
import type { QueuedMessage } from '../../messaging/send-through-outbox.ts';
import type { StoredMissionAnswer } from '../../persistence/repositories/missions/mission.repository.ts';
import { MISSION_CARD } from './mission-actions.ts';
import type { MissionDeps } from './mission-callups.service.ts';
import { missionCardText } from './mission-texts.ts';

/** Outcome messages carry the answer's new state in their id, so a repeated send is queued once. */
export function shortlistTools(deps: MissionDeps) {
  const { t } = deps;
  const message = (a: StoredMissionAnswer, text: string, buttons: QueuedMessage['message']['buttons'] = []) => ({
    id: `mission:${a.missionId}:${a.volunteerKey}:${a.state}`,
    to: { platform: a.platform, chatId: a.chatId },
    userKey: a.volunteerKey,
    message: { text, buttons },
  });
  return {
    async ownMission(id: string, coordinatorKey: string) {
      const mission = await deps.missions.get(id);
      return mission && mission.coordinator.key === coordinatorKey ? mission : undefined;
    },
    nameOf: async (key: string) => (await deps.volunteers.get(key))?.name ?? key,
    confirmation: (mission: Mission, a: StoredMissionAnswer) =>
      message(
        { ...a, state: 'confirmed' },
        t(a.locale, 'missions:shortlist.confirmed', {
          card: missionCardText(t, a.locale, mission),
          meetingPoint: isolate(mission.meetingPoint),
          contact: isolate(mission.contact),
        }),
        [[{ text: t(a.locale, 'missions:shortlist.withdraw'), data: `${MISSION_CARD.withdraw}${mission.id}` }]],
      ),
    regret: (mission: Mission, a: StoredMissionAnswer) =>
      message(
        { ...a, state: 'regretted' },
        t(a.locale, 'missions:shortlist.regret', { title: isolate(mission.title) }),
      ),
  };
}

export type ShortlistTools = ReturnType<typeof shortlistTools>;
