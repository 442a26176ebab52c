import { CallUpError } from '../../domain/callups/callup-error.ts';
import { type CallUpContext, monthKey } from './callup-context.ts';
import type { AttendanceRow, Coordination } from './coordination.service.ts';
import type { CoordinationTools } from './coordination-tools.ts';

/** After the event: who came, marked one by one, and the event's hours credited once to each of them. */
export function createAttendance(
  ctx: CallUpContext,
  tools: CoordinationTools,
): Pick<Coordination, 'attendance' | 'toggleAttendance' | 'saveAttendance'> {
  return {
    async attendance(userKey, callUpId) {
      const callUp = await tools.get(userKey, callUpId, 'callup.attendance');
      const holders = await tools.holders(callUpId);
      const seen = await tools.peopleOf(holders.map((i) => i.volunteerKey));
      const rows = holders.map((i, index): AttendanceRow => {
        const person = seen.get(i.volunteerKey);
        return {
          index,
          volunteerKey: i.volunteerKey,
          name: person?.name ?? '—',
          specialty: i.specialty,
          attended: i.attended,
          credited: i.hoursCredited > 0,
          ...(person?.relayedBy ? { relayedBy: person.relayedBy } : {}),
        };
      });
      return { callUp, rows };
    },

    async toggleAttendance(userKey, callUpId, index) {
      const callUp = await tools.get(userKey, callUpId, 'callup.attendance');
      const row = (await tools.holders(callUpId))[index];
      if (!row) throw new CallUpError('stale', callUp);
      // Hours once credited stay credited; the mark can no longer be taken back.
      if (row.hoursCredited > 0) return;
      await ctx.answers.update(callUpId, row.volunteerKey, (current) => ({ attended: !current.attended }));
    },

    async saveAttendance(userKey, callUpId) {
      const callUp = await tools.get(userKey, callUpId, 'callup.attendance_save');
      let credited = 0;
      for (const i of await tools.holders(callUpId)) {
        if (!i.attended || i.hoursCredited > 0) continue;
        const hours = callUp.durationHours;
        // The invitation first: a crash in between loses a credit rather than giving it twice on the next save.
        await ctx.answers.update(callUpId, i.volunteerKey, () => ({ hoursCredited: hours }));
        if (await ctx.volunteers.get(i.volunteerKey)) await ctx.volunteers.addHoursServed(i.volunteerKey, hours);
        await ctx.answers.addServedHours(monthKey(callUp.startsAt), i.volunteerKey, hours);
        credited += 1;
      }
      await ctx.callUps.update(callUpId, () => ({ attendanceSavedAt: ctx.now() }));
      await ctx.audit?.record({
        actor: userKey,
        action: 'callup.changed',
        target: callUpId,
        province: callUp.province,
        details: { change: 'attendance_saved', credited },
      });
      return { credited, hours: callUp.durationHours };
    },
  };
}
