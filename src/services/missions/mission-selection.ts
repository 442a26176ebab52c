/** The coordinator's choice from a mission's shortlist: select, send confirmations and thanks, confirm the next. */
import { onShortlist } from '../../domain/missions/mission.ts';
import type { MissionDeps } from './mission-callups.service.ts';
import type { ShortlistTools } from './mission-shortlist-tools.ts';

/** The coordinator's side: only the mission's own coordinator selects, and confirmations go out once. */
export function shortlistSelection(deps: MissionDeps, tools: ShortlistTools) {
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
