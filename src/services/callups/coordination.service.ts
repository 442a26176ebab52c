/**
 * What a coordinator does with a running call-up from its board: see who is coming, message them, widen it to the
 * neighbouring provinces, update, close or cancel it, and after the event mark who came.
 */
import { type CallUp, hasEnded } from '../../domain/callups/callup.ts';
import { CallUpError } from '../../domain/callups/callup-error.ts';
import { hasChat, holdsSeat, type Invitation } from '../../domain/callups/invitation.ts';
import { neighborsOf } from '../../domain/reference/provinces.ts';
import { outboxMessageOf } from '../../messaging/reply-markup.ts';
import type { Board } from './board.service.ts';
import { type CallUpContext, campaigns, followedSince, monthKey, priorityOf } from './callup-context.ts';
import { withDrillBanner } from './callup-texts.ts';
import { stopEverything, withdrawUnsentCards } from './cards.ts';
import type { Waves } from './waves.service.ts';

export interface ConfirmedPerson {
  name: string;
  specialty: string;
  /** Null when the reader may not see it: a volunteer from a province outside their own (issue 5). */
  mobile: string | null;
  province: string;
  answer: 'yes' | 'late';
  etaMinutes: number | null;
}

export interface AttendanceRow {
  index: number;
  volunteerKey: string;
  name: string;
  specialty: string;
  attended: boolean;
  credited: boolean;
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

const byKey = (a: Invitation, b: Invitation) => (a.volunteerKey < b.volunteerKey ? -1 : 1);

export function createCoordination(ctx: CallUpContext, board: Board, waves: Waves): Coordination {
  const get = async (userKey: string, callUpId: string, attempt: string) => {
    const callUp = await ctx.callUps.get(callUpId);
    if (!callUp) {
      await ctx.access.logRefusal(userKey, attempt, 'not_found');
      throw new CallUpError('unknown');
    }
    if (!(await ctx.access.authorize(userKey, attempt, callUp.province))) throw new CallUpError('forbidden');
    return callUp;
  };
  const holders = async (callUpId: string) => (await ctx.answers.listByCallUp(callUpId)).filter(holdsSeat).sort(byKey);

  /** One message to many volunteers, each in their own language, through the outbox. */
  const broadcast = async (
    callUp: CallUp,
    campaignId: string,
    to: readonly Invitation[],
    render: (t: (key: string, vars?: Record<string, unknown>) => string) => string,
  ) => {
    const reachable = to.filter(hasChat);
    if (reachable.length === 0) return 0;
    await ctx.outbox.enqueue(
      reachable.map((i) => ({
        campaignId,
        campaignKind: 'callup',
        priority: priorityOf(callUp),
        platform: i.platform,
        chatId: i.chatId,
        recipientKey: i.volunteerKey,
        message: outboxMessageOf({ text: withDrillBanner(ctx.tr(i.locale), callUp, render(ctx.tr(i.locale))) }),
      })),
    );
    return reachable.length;
  };

  const nextNotice = async (callUpId: string) => {
    const updated = await ctx.callUps.update(callUpId, (current) => ({ notices: current.notices + 1 }));
    return campaigns.notice(callUpId, updated?.notices ?? 1);
  };

  return {
    get,

    async listMine(userKey) {
      const mine: CallUp[] = [];
      for (const callUp of await ctx.callUps.listLive(followedSince(ctx.now()))) {
        if (await ctx.access.mayCoordinate(userKey, callUp.province)) mine.push(callUp);
      }
      return mine.reverse();
    },

    async confirmed(userKey, callUpId) {
      const callUp = await get(userKey, callUpId, 'callup.list');
      const invitations = await ctx.answers.listByCallUp(callUpId);
      const people: ConfirmedPerson[] = [];
      for (const i of invitations.filter(holdsSeat).sort(byKey)) {
        // Names and phones are read now: someone who deleted their data is no longer listed.
        const v = await ctx.volunteers.get(i.volunteerKey);
        if (!v) continue;
        people.push({
          name: v.name,
          specialty: i.specialty,
          mobile: (await ctx.access.maySeeContactDetails(userKey, v.province)) ? v.mobile : null,
          province: v.province,
          answer: i.answer as 'yes' | 'late',
          etaMinutes: i.etaMinutes,
        });
      }
      return { callUp, people, waiting: invitations.filter((i) => i.answer === 'waiting').length };
    },

    async messageConfirmed(userKey, callUpId, text) {
      const callUp = await get(userKey, callUpId, 'callup.message');
      if (callUp.status === 'cancelled') throw new CallUpError('cancelled', callUp);
      const to = (await holders(callUpId)).filter(hasChat);
      if (to.length === 0) throw new CallUpError('nothing_to_do', callUp);
      return broadcast(callUp, await nextNotice(callUpId), to, (t) =>
        t('callup:notice.message', { title: callUp.title, text }),
      );
    },

    async extend(userKey, callUpId) {
      const callUp = await get(userKey, callUpId, 'callup.extend');
      if (callUp.status !== 'open' || hasEnded(callUp, ctx.now())) throw new CallUpError('nothing_to_do', callUp);
      const neighbours = neighborsOf(callUp.province).map((p) => p.code);
      if (callUp.extendedAt !== null || neighbours.length === 0) throw new CallUpError('already_extended', callUp);
      const provinces = [...new Set([...callUp.reachProvinces, ...neighbours])];
      const at = ctx.now();
      const updated = await ctx.callUps.update(callUpId, () => ({
        reachProvinces: provinces,
        extendedAt: at,
        updatedAt: at,
      }));
      await ctx.audit?.record({
        actor: userKey,
        action: 'callup.changed',
        target: callUpId,
        province: callUp.province,
        details: { change: 'extended', provinces: neighbours },
      });
      const invited = updated ? await waves.send(updated, { allLagging: true }) : 0;
      board.touch(callUpId);
      return { callUp: updated ?? callUp, provinces: neighbours, invited };
    },

    async close(userKey, callUpId) {
      const callUp = await get(userKey, callUpId, 'callup.close');
      if (callUp.status === 'cancelled' || callUp.status === 'closed') throw new CallUpError('nothing_to_do', callUp);
      const at = ctx.now();
      const updated = await ctx.callUps.update(callUpId, () => ({ status: 'closed', closedAt: at, updatedAt: at }));
      await withdrawUnsentCards(ctx, callUpId);
      await ctx.audit?.record({
        actor: userKey,
        action: 'callup.changed',
        target: callUpId,
        province: callUp.province,
        details: { change: 'closed' },
      });
      board.touch(callUpId);
      return updated ?? callUp;
    },

    async cancel(userKey, callUpId) {
      const callUp = await get(userKey, callUpId, 'callup.cancel');
      if (callUp.status === 'cancelled') throw new CallUpError('cancelled', callUp);
      const at = ctx.now();
      // The status first, so that no wave or message starts after the stop below.
      const updated = await ctx.callUps.update(callUpId, () => ({
        status: 'cancelled',
        cancelledAt: at,
        updatedAt: at,
      }));
      await stopEverything(ctx, updated ?? callUp);
      await ctx.audit?.record({
        actor: userKey,
        action: 'callup.cancelled',
        target: callUpId,
        province: callUp.province,
      });
      const invitations = await ctx.answers.listByCallUp(callUpId);
      const told = await broadcast(
        callUp,
        campaigns.cancelled(callUpId),
        invitations.filter((i) => holdsSeat(i) || i.answer === 'waiting'),
        (t) => t('callup:notice.cancelled', { title: callUp.title }),
      );
      board.touch(callUpId);
      return { callUp: updated ?? callUp, told };
    },

    async update(userKey, callUpId, field, value) {
      const callUp = await get(userKey, callUpId, 'callup.update');
      if (callUp.status === 'cancelled') throw new CallUpError('cancelled', callUp);
      const at = ctx.now();
      const updated = await ctx.callUps.update(callUpId, () => ({ [field]: value, updatedAt: at }));
      await ctx.audit?.record({
        actor: userKey,
        action: 'callup.changed',
        target: callUpId,
        province: callUp.province,
        details: { change: field },
      });
      board.touch(callUpId);
      const to = await holders(callUpId);
      return broadcast(updated ?? callUp, await nextNotice(callUpId), to, (t) =>
        t(`callup:notice.updated_${field}`, { title: callUp.title, value }),
      );
    },

    async attendance(userKey, callUpId) {
      const callUp = await get(userKey, callUpId, 'callup.attendance');
      const rows: AttendanceRow[] = [];
      for (const [index, i] of (await holders(callUpId)).entries()) {
        const v = await ctx.volunteers.get(i.volunteerKey);
        rows.push({
          index,
          volunteerKey: i.volunteerKey,
          name: v?.name ?? '—',
          specialty: i.specialty,
          attended: i.attended,
          credited: i.hoursCredited > 0,
        });
      }
      return { callUp, rows };
    },

    async toggleAttendance(userKey, callUpId, index) {
      const callUp = await get(userKey, callUpId, 'callup.attendance');
      const row = (await holders(callUpId))[index];
      if (!row) throw new CallUpError('stale', callUp);
      // Hours once credited stay credited; the mark can no longer be taken back.
      if (row.hoursCredited > 0) return;
      await ctx.answers.update(callUpId, row.volunteerKey, (current) => ({ attended: !current.attended }));
    },

    async saveAttendance(userKey, callUpId) {
      const callUp = await get(userKey, callUpId, 'callup.attendance_save');
      let credited = 0;
      for (const i of await holders(callUpId)) {
        if (!i.attended || i.hoursCredited > 0) continue;
        const hours = callUp.durationHours;
        // The invitation first: a crash in between loses a credit rather than giving it twice on the next save.
        await ctx.answers.update(callUpId, i.volunteerKey, () => ({ hoursCredited: hours }));
        if (await ctx.volunteers.get(i.volunteerKey)) await ctx.volunteers.addHoursServed(i.volunteerKey, hours);
        await ctx.answers.addServedHours(monthKey(callUp.startsAt), i.volunteerKey, hours);
        credited += 1;
      }
      await ctx.callUps.update(callUpId, () => ({ attendanceSavedAt: ctx.now() }));
      return { credited, hours: callUp.durationHours };
    },
  };
}
