/**
 * What a coordinator does with a running call-up from its board: see who is coming, message them, widen it to the
 * neighbouring provinces, update, close or cancel it, and after the event mark who came.
 */

import type { CallUp } from '../../domain/callups/callup.ts';
import { holdsSeat } from '../../domain/callups/invitation.ts';
import type { DistanceBand } from '../../domain/geo/bands.ts';
import { createAttendance } from './attendance.ts';
import type { Board } from './board.service.ts';
import { createCallUpChanges } from './callup-changes.ts';
import { type CallUpContext, followedSince } from './callup-context.ts';
import { createConfirmedNotices } from './confirmed-notices.ts';
import { byVolunteerKey, createCoordinationTools } from './coordination-tools.ts';
import type { Waves } from './waves.service.ts';

export interface ConfirmedPerson {
  name: string;
  specialty: string;
  /** Null when the reader may not see it: a volunteer from a province outside their own (issue 5). */
  mobile: string | null;
  province: string;
  answer: 'yes' | 'late';
  etaMinutes: number | null;
  /** In a call-up by distance, their ring around the incident. */
  distanceBand?: DistanceBand;
  /** For an offline member, the base whose leader answered for them. */
  relayedBy?: string;
}

export interface AttendanceRow {
  index: number;
  volunteerKey: string;
  name: string;
  specialty: string;
  attended: boolean;
  credited: boolean;
  /** For an offline member, the base whose leader answered for them. */
  relayedBy?: string;
}

/** Fields a coordinator may change after sending; every confirmed volunteer is told. */
export const UPDATABLE_FIELDS = ['meetingPoint', 'contact', 'description'] as const;
export type UpdatableField = (typeof UPDATABLE_FIELDS)[number];

export interface Coordination {
  /**
   * The call-up, if this person may coordinate it; throws `forbidden` / `unknown`. Either refusal is written to the
   * audit log as `attempt` (what was tried, e.g. `callup.close`).
   */
  get(userKey: string, callUpId: string, attempt: string): Promise<CallUp>;
  /** Call-ups of the last month still running that this person may coordinate, newest first. */
  listMine(userKey: string): Promise<CallUp[]>;
  confirmed(userKey: string, callUpId: string): Promise<{ callUp: CallUp; people: ConfirmedPerson[]; waiting: number }>;
  /** Queues a message to every confirmed volunteer; returns how many. */
  messageConfirmed(userKey: string, callUpId: string, text: string): Promise<number>;
  /** Adds the neighbouring provinces and invites a wave there; once per call-up. */
  extend(userKey: string, callUpId: string): Promise<{ callUp: CallUp; provinces: string[]; invited: number }>;
  /** Stops recruiting: unsent cards and reminders are cancelled; seats are kept; a later "yes" waits. */
  close(userKey: string, callUpId: string): Promise<CallUp>;
  /**
   * Calls it off: everything still queued for it is cancelled; confirmed and waiting volunteers are told (`told`:
   * how many).
   */
  cancel(userKey: string, callUpId: string): Promise<{ callUp: CallUp; told: number }>;
  update(userKey: string, callUpId: string, field: UpdatableField, value: string): Promise<number>;
  attendance(userKey: string, callUpId: string): Promise<{ callUp: CallUp; rows: AttendanceRow[] }>;
  toggleAttendance(userKey: string, callUpId: string, index: number): Promise<void>;
  /** Credits the event's hours once to each volunteer marked as having come. */
  saveAttendance(userKey: string, callUpId: string): Promise<{ credited: number; hours: number }>;
}

export function createCoordination(ctx: CallUpContext, board: Board, waves: Waves): Coordination {
  const tools = createCoordinationTools(ctx);
  return {
    get: tools.get,
    ...createCallUpChanges(ctx, tools, board, waves),
    ...createConfirmedNotices(ctx, tools, board),
    ...createAttendance(ctx, tools),

    async listMine(userKey) {
      const mine: CallUp[] = [];
      for (const callUp of await ctx.callUps.listLive(followedSince(ctx.now()))) {
        if (await ctx.access.mayCoordinate(userKey, callUp.province)) mine.push(callUp);
      }
      return mine.reverse();
    },

    async confirmed(userKey, callUpId) {
      const callUp = await tools.get(userKey, callUpId, 'callup.list');
      const invitations = await ctx.answers.listByCallUp(callUpId);
      const holders = invitations.filter(holdsSeat).sort(byVolunteerKey);
      // Names and phones are read now: someone who deleted their data is no longer listed.
      const seen = await tools.peopleOf(holders.map((i) => i.volunteerKey));
      const people: ConfirmedPerson[] = [];
      for (const i of holders) {
        const person = seen.get(i.volunteerKey);
        if (!person) continue;
        people.push({
          name: person.name,
          specialty: i.specialty,
          mobile: (await ctx.access.maySeeContactDetails(userKey, person.province)) ? person.mobile : null,
          province: person.province,
          answer: i.answer as 'yes' | 'late',
          etaMinutes: i.etaMinutes,
          ...(i.distanceBand ? { distanceBand: i.distanceBand } : {}),
          ...(person.relayedBy ? { relayedBy: person.relayedBy } : {}),
        });
      }
      return { callUp, people, waiting: invitations.filter((i) => i.answer === 'waiting').length };
    },
  };
}
