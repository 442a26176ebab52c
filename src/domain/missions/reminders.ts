/**
 * What the monthly check-in should remind a volunteer of in their long-missions pledge: a passport that expires
 * within six months, a vaccination that has lapsed. Each reminder has a key, so it is sent once.
 */
import { addMonths } from '../text/tehran-clock.ts';
import { type JalaliMonth, type MissionPledge, passportValidUntil, vaccinationValidUntil } from './mission-pledge.ts';

/** Months before a passport's expiry at which a volunteer is reminded (missions ask for return + 6 months). */
export const PASSPORT_REMINDER_MONTHS = 6;

export type MissionReminder =
  | { kind: 'passport'; key: string; month: JalaliMonth }
  | { kind: 'vaccination'; key: string; code: string; lapsedOn: Date };

/** The reminders due at `now`, leaving out those whose keys were sent already. */
export function dueMissionReminders(
  pledge: MissionPledge,
  now: Date,
  alreadySent: readonly string[],
): MissionReminder[] {
  const due: MissionReminder[] = [];
  if (pledge.passportExpiry) {
    const expiresOn = passportValidUntil(pledge.passportExpiry);
    const key = `passport:${pledge.passportExpiry.jy}-${pledge.passportExpiry.jm}`;
    if (expiresOn.getTime() <= addMonths(now, PASSPORT_REMINDER_MONTHS).getTime())
      due.push({ kind: 'passport', key, month: pledge.passportExpiry });
  }
  for (const record of pledge.vaccinations) {
    const lapsedOn = vaccinationValidUntil(record);
    const key = `vaccination:${record.code}:${record.date.toISOString()}`;
    if (lapsedOn && lapsedOn.getTime() <= now.getTime())
      due.push({ kind: 'vaccination', key, code: record.code, lapsedOn });
  }
  return due.filter((r) => !alreadySent.includes(r.key));
}
