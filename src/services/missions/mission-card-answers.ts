/** A volunteer's taps on a mission: onto the shortlist or not this time, and a withdrawal after being confirmed. */
import type { Locale } from '../../domain/locale.ts';
import { type MissionAnswerState, nextOnShortlist } from '../../domain/missions/mission.ts';
import { isolate } from '../../domain/text/persian-text.ts';
import { MISSION_BOARD } from './mission-actions.ts';
import type { MissionDeps } from './mission-callups.service.ts';
import type { ShortlistTools } from './mission-shortlist-tools.ts';

export type CardAnswerResult = 'shortlisted' | 'declined' | 'withdrawn' | 'unchanged' | 'closed' | 'not_invited';

const FROM_CARD: Record<'volunteer' | 'decline', readonly MissionAnswerState[]> = {
  volunteer: ['invited', 'declined'],
  // Selected but not told yet: they may still say no, and the board drops them before confirmations go out.
  decline: ['invited', 'volunteered', 'selected'],
};

/** The volunteer's side of a mission's answers; every tap acts on what is stored now, so repeats are safe. */
export function missionCardAnswers(deps: MissionDeps, tools: ShortlistTools) {
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
