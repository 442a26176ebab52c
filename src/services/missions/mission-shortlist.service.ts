/**
 * A mission's two-step answers: «داوطلبم» puts a volunteer on the shortlist, the coordinator selects on the board,
 * and only then are the selected confirmed (with the details) and the others thanked. A withdrawal after selection
 * tells the coordinator and offers the next on the shortlist.
 */
import type { Locale } from '../../domain/locale.ts';
import { type Mission, type MissionAnswerState, nextOnShortlist, onShortlist } from '../../domain/missions/mission.ts';
import { missionDays } from '../../domain/missions/readiness.ts';
import { isolate } from '../../domain/text/persian-text.ts';
import type { QueuedMessage } from '../../messaging/send-through-outbox.ts';
import type { StoredMissionAnswer } from '../../persistence/repositories/missions/mission.repository.ts';
import { MISSION_BOARD, MISSION_CARD } from './mission-actions.ts';
import type { MissionDeps } from './mission-callups.service.ts';
import { missionCardText } from './mission-texts.ts';

export type CardAnswerResult = 'shortlisted' | 'declined' | 'withdrawn' | 'unchanged' | 'closed' | 'not_invited';

export interface ShortlistEntry {
  key: string;
  name: string;
  specialty: string;
  state: MissionAnswerState;
}

export interface MissionBoardView {
  mission: Mission;
  invited: number;
  /** Everyone who said «داوطلبم», first come first, with where they stand now. */
  shortlist: ShortlistEntry[];
  declined: number;
}

const FROM_CARD: Record<'volunteer' | 'decline', readonly MissionAnswerState[]> = {
  volunteer: ['invited', 'declined'],
  decline: ['invited', 'volunteered'],
};

/** What the shortlist's use cases share: the mission of its own coordinator, names, and the messages they send. */
function shortlistTools(deps: MissionDeps) {
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

type Tools = ReturnType<typeof shortlistTools>;

/** The volunteer's side: a tap on the card, and a withdrawal after being confirmed. */
function cardAnswers(deps: MissionDeps, tools: Tools) {
  return {
    /** A volunteer's tap on the card: onto the shortlist, or «not this time». */
    async answer(missionId: string, key: string, choice: 'volunteer' | 'decline'): Promise<CardAnswerResult> {
      const mission = await deps.missions.get(missionId);
      if (!mission || !(await deps.missions.answerOf(missionId, key))) return 'not_invited';
      if (mission.status !== 'open' || mission.confirmationsSentAt !== null) return 'closed';
      const to = choice === 'volunteer' ? 'volunteered' : 'declined';
      if (!(await deps.missions.move(missionId, key, FROM_CARD[choice], to, deps.now()))) return 'unchanged';
      return choice === 'volunteer' ? 'shortlisted' : 'declined';
    },

    /** A confirmed volunteer pulls out: the coordinator hears it, with the next on the shortlist to select. */
    async withdraw(missionId: string, key: string): Promise<CardAnswerResult> {
      const mission = await deps.missions.get(missionId);
      if (!mission) return 'not_invited';
      if (!(await deps.missions.move(missionId, key, ['confirmed'], 'withdrawn', deps.now()))) return 'unchanged';
      const next = nextOnShortlist(await deps.missions.answers(missionId));
      const locale: Locale = mission.coordinator.locale;
      const nextName = next ? await tools.nameOf(next.volunteerKey) : undefined;
      const text = deps.t(locale, nextName ? 'missions:board.withdrawn_next' : 'missions:board.withdrawn', {
        name: isolate(await tools.nameOf(key)),
        title: isolate(mission.title),
        next: isolate(nextName ?? ''),
      });
      const select = (name: string, volunteerKey: string) => ({
        text: deps.t(locale, 'missions:board.select_next', { name: isolate(name) }),
        data: `${MISSION_BOARD.next}${missionId}:${volunteerKey}`,
      });
      const buttons = next && nextName ? [[select(nextName, next.volunteerKey)]] : [];
      await deps.chat.send(mission.coordinator, { text, buttons });
      return 'withdrawn';
    },
  };
}

/** The coordinator's side: select on the board, send the confirmations and thanks, confirm the next one. */
function selection(deps: MissionDeps, tools: Tools) {
  return {
    /** Selects or unselects someone on the shortlist, before the confirmations go out. */
    async toggle(missionId: string, coordinatorKey: string, volunteerKey: string): Promise<boolean> {
      const mission = await tools.ownMission(missionId, coordinatorKey);
      if (!mission || mission.confirmationsSentAt !== null) return false;
      const now = deps.now();
      return (
        (await deps.missions.move(missionId, volunteerKey, ['volunteered'], 'selected', now)) ||
        deps.missions.move(missionId, volunteerKey, ['selected'], 'volunteered', now)
      );
    },

    /** The selected get the confirmation with the details; everyone else on the shortlist gets the thanks. */
    async sendConfirmations(missionId: string, coordinatorKey: string) {
      const mission = await tools.ownMission(missionId, coordinatorKey);
      if (!mission || mission.confirmationsSentAt !== null) return undefined;
      const now = deps.now();
      await deps.missions.markConfirmationsSent(missionId, now);
      const answers = (await deps.missions.answers(missionId)).filter((a) => onShortlist(a.state));
      const selected = answers.filter((a) => a.state === 'selected');
      const others = answers.filter((a) => a.state === 'volunteered');
      for (const a of selected) await deps.missions.move(missionId, a.volunteerKey, ['selected'], 'confirmed', now);
      for (const a of others) await deps.missions.move(missionId, a.volunteerKey, ['volunteered'], 'regretted', now);
      const messages = [
        ...selected.map((a) => tools.confirmation(mission, a)),
        ...others.map((a) => tools.regret(mission, a)),
      ];
      await deps.notices.enqueue(`mission:${missionId}:outcome`, messages, { urgent: true });
      return { confirmed: selected.length, regretted: others.length };
    },

    /** Confirms one more from the shortlist (after a withdrawal): they get the confirmation at once. */
    async selectNext(missionId: string, coordinatorKey: string, volunteerKey: string): Promise<boolean> {
      const mission = await tools.ownMission(missionId, coordinatorKey);
      if (!mission) return false;
      const from = ['volunteered', 'regretted'] as const;
      if (!(await deps.missions.move(missionId, volunteerKey, from, 'confirmed', deps.now()))) return false;
      const answer = await deps.missions.answerOf(missionId, volunteerKey);
      if (answer) {
        const confirmation = tools.confirmation(mission, answer);
        await deps.notices.enqueue(`mission:${missionId}:next`, [confirmation], { urgent: true });
      }
      return true;
    },
  };
}

export function createMissionShortlist(deps: MissionDeps) {
  const tools = shortlistTools(deps);
  return {
    ...cardAnswers(deps, tools),
    ...selection(deps, tools),

    async board(missionId: string, coordinatorKey: string): Promise<MissionBoardView | undefined> {
      const mission = await tools.ownMission(missionId, coordinatorKey);
      if (!mission) return undefined;
      const answers = await deps.missions.answers(missionId);
      const listed = answers
        .filter((a) => a.volunteeredAt !== null && a.state !== 'declined')
        .sort((a, b) => (a.volunteeredAt?.getTime() ?? 0) - (b.volunteeredAt?.getTime() ?? 0));
      const shortlist: ShortlistEntry[] = [];
      for (const a of listed) {
        const name = await tools.nameOf(a.volunteerKey);
        shortlist.push({ key: a.volunteerKey, name, specialty: a.specialty, state: a.state });
      }
      const declined = answers.filter((a) => a.state === 'declined').length;
      return { mission, invited: answers.length, shortlist, declined };
    },

    /** Once a mission is over, each confirmed volunteer is credited days × the configured hours a day. */
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

export type MissionShortlist = ReturnType<typeof createMissionShortlist>;
