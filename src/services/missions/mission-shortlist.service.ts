/**
 * A mission's two-step answers: «داوطلبم» puts a volunteer on the shortlist, the coordinator selects on the board,
 * and only then are the selected confirmed (with the details) and the others thanked. A withdrawal after selection
 * tells the coordinator and offers the next on the shortlist.
 */
import type { Mission, MissionAnswerState } from '../../domain/missions/mission.ts';
import type { MissionDeps } from './mission-callups.service.ts';
import { missionCardAnswers } from './mission-card-answers.ts';
import { shortlistSelection } from './mission-selection.ts';
import { shortlistTools } from './mission-shortlist-tools.ts';

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

export function createMissionShortlist(deps: MissionDeps) {
  const tools = shortlistTools(deps);
  return {
    ...missionCardAnswers(deps, tools),
    ...shortlistSelection(deps, tools),

    /** The coordinator's view of their mission: who was invited, the shortlist in order, how many said no. */
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
  };
}

export type MissionShortlist = ReturnType<typeof createMissionShortlist>;
