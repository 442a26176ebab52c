/** One call-up's page data, its live feed, its board actions and its export, each checked for the viewer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CallUp, hasEnded } from '../../domain/callups/callup.ts';
import { CallUpError } from '../../domain/callups/callup-error.ts';
import type { Locale } from '../../domain/locale.ts';
import { coversProvince } from '../../domain/roles/actor.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { Tr } from '../../i18n/index.ts';
import {
  type Coordination,
  UPDATABLE_FIELDS,
  type UpdatableField,
} from '../../services/callups/coordination.service.ts';
import type { ExportService } from '../../services/exports/export.service.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../services/exports/table-files.ts';
import type { Authorization } from '../../services/roles/authorization.ts';
import { forViewer } from '../callup-rows.ts';
import type { LiveCallUps } from '../live-callups.ts';
import type { Viewer } from '../sign-in.service.ts';
import { type EventStream, openEventStream, readJson, SECURITY_HEADERS, sendJson } from './http-helpers.ts';

export interface CallUpRouteDeps {
  callUp(id: string): Promise<CallUp | undefined>;
  authorization: Pick<Authorization, 'authorize' | 'logRefusal'>;
  live: LiveCallUps;
  coordination: Coordination;
  exports: ExportService;
  tr(locale: Locale): Tr;
  streams: Set<EventStream>;
  now(): Date;
}

const ID = /^[a-z0-9]{8}$/;

/** The viewer behind the request's session as they are now (signed out or no longer staff: undefined). */
export type ViewerAgain = () => Promise<Viewer | undefined>;

/**
 * The call-up, when the viewer may coordinate it; otherwise the attempt is in the audit log and the answer is the
 * same 404 as for an id that does not exist, so guessing ids tells nothing.
 */
async function visibleCallUp(deps: CallUpRouteDeps, viewer: Viewer, id: string, attempt: string) {
  const callUp = ID.test(id) ? await deps.callUp(id) : undefined;
  if (!callUp) {
    await deps.authorization.logRefusal(viewer.actor.key, attempt, 'unknown');
    return undefined;
  }
  const need = { role: 'coordinator' as const, province: callUp.province };
  return (await deps.authorization.authorize(viewer.actor.key, need, attempt)).ok ? callUp : undefined;
}

/** Who came, as the page shows it: by position in the list, as the chat's buttons do; no volunteer keys. */
async function attendanceOf(deps: CallUpRouteDeps, userKey: string, id: string) {
  const { rows } = await deps.coordination.attendance(userKey, id);
  return rows.map(({ index, name, specialty, attended, credited, relayedBy }) => ({
    index,
    name,
    specialty,
    attended,
    credited,
    relayedBy: relayedBy ?? null,
  }));
}

/** Attendance is marked once the event is over and not for a cancelled one: where the chat's board offers it. */
function assertAttendanceOpen(deps: CallUpRouteDeps, callUp: CallUp) {
  if (callUp.status === 'cancelled') throw new CallUpError('cancelled', callUp);
  if (!hasEnded(callUp, deps.now())) throw new CallUpError('stale', callUp);
}

/** Board actions the page offers, each through the same service (and so the same rules and audit) as its button. */
async function runAction(
  deps: CallUpRouteDeps,
  viewer: Viewer,
  callUp: CallUp,
  action: string,
  body: Record<string, unknown>,
) {
  const key = viewer.actor.key;
  const id = callUp.id;
  const text = typeof body.text === 'string' ? body.text.trim() : '';
  switch (action) {
    case 'close':
      await deps.coordination.close(key, id);
      return {};
    case 'extend': {
      const { provinces, invited } = await deps.coordination.extend(key, id);
      return { provinces: provinces.length, invited };
    }
    case 'cancel':
      return { told: (await deps.coordination.cancel(key, id)).told };
    case 'message':
      if (!text) return undefined;
      return { sent: await deps.coordination.messageConfirmed(key, id, text) };
    case 'update': {
      const field = String(body.field) as UpdatableField;
      if (!UPDATABLE_FIELDS.includes(field) || !text) return undefined;
      return { told: await deps.coordination.update(key, id, field, text) };
    }
    case 'attend': {
      const index = body.index;
      if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) return undefined;
      assertAttendanceOpen(deps, callUp);
      await deps.coordination.toggleAttendance(key, id, index);
      return { attendance: await attendanceOf(deps, key, id) };
    }
    case 'attend_save': {
      assertAttendanceOpen(deps, callUp);
      const { credited, hours } = await deps.coordination.saveAttendance(key, id);
      return { credited, hours, attendance: await attendanceOf(deps, key, id) };
    }
    default:
      return undefined;
  }
}

export function createCallUpRoutes(deps: CallUpRouteDeps) {
  return {
    /** `GET …/callups/:id/events`: the whole call-up first, then each change, as server-sent events. */
    async events(req: IncomingMessage, res: ServerResponse, viewer: Viewer, id: string, again: ViewerAgain) {
      const callUp = await visibleCallUp(deps, viewer, id, 'dashboard.callup');
      if (!callUp) return sendJson(res, 404, { error: 'not_found' });
      const stream = openEventStream(req, res, deps.streams, async () => {
        const now = await again();
        return now !== undefined && coversProvince(now.actor, callUp.province);
      });
      const unsubscribe = await deps.live.subscribe(callUp.id, viewer.locale, (change) =>
        stream.send({ ...change, rows: change.rows.map((row) => forViewer(viewer.actor, row)) }),
      );
      stream.onClose(unsubscribe);
    },

    async action(req: IncomingMessage, res: ServerResponse, viewer: Viewer, id: string, action: string) {
      const callUp = await visibleCallUp(deps, viewer, id, `dashboard.${action}`);
      if (!callUp) return sendJson(res, 404, { error: 'not_found' });
      const t = deps.tr(viewer.locale);
      try {
        const result = await runAction(deps, viewer, callUp, action, (await readJson(req)) ?? {});
        if (!result) return sendJson(res, 400, { error: 'bad_request' });
        sendJson(res, 200, { ok: true, ...result });
      } catch (error) {
        if (!(error instanceof CallUpError)) throw error;
        sendJson(res, 409, { error: error.code, message: t(error.key) });
      }
    },

    /** `GET …/callups/:id/attendance`: the confirmed volunteers to mark as come, once the event is over. */
    async attendance(res: ServerResponse, viewer: Viewer, id: string) {
      const callUp = await visibleCallUp(deps, viewer, id, 'dashboard.attendance');
      if (!callUp) return sendJson(res, 404, { error: 'not_found' });
      sendJson(res, 200, { attendance: await attendanceOf(deps, viewer.actor.key, callUp.id) });
    },

    async exportFile(res: ServerResponse, viewer: Viewer, id: string, format: string) {
      if (!EXPORT_FORMATS.includes(format as ExportFormat) || !ID.test(id)) {
        return sendJson(res, 404, { error: 'not_found' });
      }
      try {
        const file = await deps.exports.callUpAnswers(viewer.actor, {
          callUpId: id,
          format: format as ExportFormat,
          locale: viewer.locale,
          t: deps.tr(viewer.locale),
        });
        res
          .writeHead(200, {
            ...SECURITY_HEADERS,
            'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/octet-stream',
            'Content-Disposition': `attachment; filename="${file.fileName}"`,
          })
          .end(file.bytes);
      } catch (error) {
        if (!(error instanceof RoleError)) throw error;
        sendJson(res, 404, { error: 'not_found' });
      }
    },
  };
}
