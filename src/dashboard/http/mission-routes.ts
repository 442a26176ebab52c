/**
 * Missions on the dashboard: the viewer's open missions, one mission's shortlist with what each person brings, and
 * the board's select / unselect and "send confirmations", each through the same shortlist service as the chat's
 * board (so only the mission's own coordinator sees or changes it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Locale } from '../../domain/locale.ts';
import { missionDays } from '../../domain/missions/readiness.ts';
import { formatDate } from '../../domain/text/jalali-format.ts';
import { toPersianDigits } from '../../domain/text/persian-text.ts';
import type { Translate } from '../../i18n/index.ts';
import type { MissionCallUps, MissionDeps } from '../../services/missions/mission-callups.service.ts';
import { SHORTLIST_COLUMNS, shortlistTable } from '../../services/missions/mission-export.ts';
import type { MissionBoardView, MissionShortlist } from '../../services/missions/mission-shortlist.service.ts';
import { destinationText } from '../../services/missions/mission-texts.ts';
import type { Authorization } from '../../services/roles/authorization.ts';
import { rowIdOf } from '../callup-rows.ts';
import type { Viewer } from '../sign-in.service.ts';
import { readJson, sendJson } from './http-helpers.ts';

export interface MissionRouteDeps {
  missionCallUps: Pick<MissionCallUps, 'listMine'>;
  missionShortlist: MissionShortlist;
  /** What the shortlist table reads beside the answers: pledges and home provinces. */
  missionExport: Pick<MissionDeps, 'pledges' | 'volunteers'>;
  authorization: Pick<Authorization, 'logRefusal'>;
  t: Translate;
}

const ID = /^[a-z0-9]{8}$/;

/** A mission's heading as the page shows it: the board's facts, dates in the reader's calendar. */
function headerOf(t: Translate, locale: Locale, view: MissionBoardView) {
  const { mission } = view;
  return {
    id: mission.id,
    title: mission.title,
    destination: destinationText(t, locale, mission.destination),
    from: formatDate(locale, mission.requirements.startsOn),
    to: formatDate(locale, mission.requirements.endsOn),
    days: missionDays(mission.requirements),
    invited: view.invited,
    listed: view.shortlist.length,
    selected: view.shortlist.filter((e) => e.state === 'selected').length,
    declined: view.declined,
    confirmationsSent: mission.confirmationsSentAt !== null,
  };
}

export function createMissionRoutes(deps: MissionRouteDeps) {
  /** A mission that is not the viewer's, or no mission: in the audit log, as a guessed call-up address is. */
  const refuse = (viewer: Viewer, attempt: string) =>
    deps.authorization.logRefusal(viewer.actor.key, attempt, 'not_their_mission');

  /**
   * The mission's page data when it is the viewer's own; otherwise the attempt is refused and the answer is the same
   * 404 as for an id that does not exist, so guessing ids tells nothing.
   */
  async function pageOf(viewer: Viewer, id: string, attempt: string) {
    const { locale } = viewer;
    const request = { missionId: id, coordinatorKey: viewer.actor.key, locale, t: deps.t };
    const shown = ID.test(id) ? await shortlistTable(deps.missionExport, deps.missionShortlist, request) : undefined;
    if (!shown) return void (await refuse(viewer, attempt));
    const digits = (cell: string) => (locale === 'fa' ? toPersianDigits(cell) : cell);
    return {
      mission: headerOf(deps.t, locale, shown.view),
      columns: SHORTLIST_COLUMNS,
      // Opaque row ids: the volunteer's platform id is not the page's business. Names are shown as typed.
      rows: shown.rows.map(({ entry, cells }) => ({
        id: rowIdOf(entry.key),
        state: entry.state,
        cells: cells.map((cell, i) => (SHORTLIST_COLUMNS[i] === 'name' ? cell : digits(cell))),
      })),
    };
  }

  return {
    /** `GET …/missions`: the viewer's open missions, newest first, as the bot's /missions lists them. */
    async list(res: ServerResponse, viewer: Viewer) {
      const key = viewer.actor.key;
      const missions = [];
      for (const mission of await deps.missionCallUps.listMine(key)) {
        const view = mission.status === 'open' ? await deps.missionShortlist.board(mission.id, key) : undefined;
        if (view) missions.push(headerOf(deps.t, viewer.locale, view));
      }
      sendJson(res, 200, { missions });
    },

    async page(res: ServerResponse, viewer: Viewer, id: string) {
      const page = await pageOf(viewer, id, 'dashboard.mission');
      if (!page) return sendJson(res, 404, { error: 'not_found' });
      sendJson(res, 200, page);
    },

    /** `POST …/missions/:id/actions/(toggle|confirm)`: answered with the page as it is afterwards. */
    async action(req: IncomingMessage, res: ServerResponse, viewer: Viewer, id: string, action: string) {
      const key = viewer.actor.key;
      const board = ID.test(id) ? await deps.missionShortlist.board(id, key) : undefined;
      if (!board) {
        await refuse(viewer, `dashboard.mission_${action}`);
        return sendJson(res, 404, { error: 'not_found' });
      }
      const body = (await readJson(req)) ?? {};
      let result: Record<string, unknown>;
      if (action === 'toggle') {
        // The row is named by its opaque id: a position would shift when someone ahead declines meanwhile.
        const entry = board.shortlist.find((e) => rowIdOf(e.key) === body.row);
        if (!entry) return sendJson(res, 409, { error: 'stale' });
        if (!(await deps.missionShortlist.toggle(id, key, entry.key)))
          return sendJson(res, 409, { error: 'already_sent' });
        result = {};
      } else if (action === 'confirm') {
        const sent = await deps.missionShortlist.sendConfirmations(id, key);
        if (!sent) return sendJson(res, 409, { error: 'already_sent' });
        result = sent;
      } else {
        return sendJson(res, 400, { error: 'bad_request' });
      }
      sendJson(res, 200, { ok: true, ...result, ...(await pageOf(viewer, id, 'dashboard.mission')) });
    },
  };
}

export type MissionRoutes = ReturnType<typeof createMissionRoutes>;
