import { jalaliMonthText } from '../../domain/missions/mission-pledge.ts';
import { dueMissionReminders, type MissionReminder } from '../../domain/missions/reminders.ts';
import { getMissionVaccination } from '../../domain/reference/mission-lists.ts';
import { isQuietHours } from '../../domain/text/tehran-clock.ts';
import { effectiveStatus } from '../../domain/volunteers/pledge-state.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { Translate } from '../../i18n/index.ts';
import type { QueuedMessage, SendThroughOutbox } from '../../messaging/send-through-outbox.ts';
import type { MissionPledgeRepository } from '../../persistence/repositories/missions/mission-pledge.repository.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';

/** The button on a reminder: it opens the long-missions part of the profile (safe to press late or twice). */
export const MISSION_NOTICE_ACTIONS = { view: 'ms:view' } as const;

const PAGE = 200;

export interface MissionReminderDeps {
  pledges: MissionPledgeRepository;
  volunteers: Pick<VolunteerRepository, 'get'>;
  users: Pick<UserRepository, 'get'>;
  notices: SendThroughOutbox;
  t: Translate;
}

/** The reminder's text in the volunteer's language. */
function reminderText(t: Translate, locale: Volunteer['locale'], reminder: MissionReminder): string {
  if (reminder.kind === 'passport')
    return t(locale, 'missions:reminders.passport', { month: jalaliMonthText(locale, reminder.month) });
  const name = getMissionVaccination(reminder.code)?.[locale] ?? reminder.code;
  return t(locale, 'missions:reminders.vaccination', { name, date: reminder.lapsedOn });
}

/**
 * Beside the monthly check-in: once per passport (expiring within six months) and once per lapsed vaccination, a
 * reminder to renew it and update the profile. Each reminder's key is kept on the part, so it is never repeated.
 * Returns how many reminders were queued.
 */
export function createMissionReminders(deps: MissionReminderDeps): { send(now: Date): Promise<number> } {
  const messagesFor = async (key: string, reminders: MissionReminder[], now: Date): Promise<QueuedMessage[]> => {
    const volunteer = await deps.volunteers.get(key);
    if (!volunteer?.reachable || effectiveStatus(volunteer, now) !== 'active') return [];
    const locale = (await deps.users.get(key))?.locale ?? volunteer.locale;
    const button = { text: deps.t(locale, 'missions:reminders.open'), data: MISSION_NOTICE_ACTIONS.view };
    return reminders.map((reminder) => ({
      id: `mission-reminder:${key}:${reminder.key}`,
      to: { platform: volunteer.platform, chatId: volunteer.chatId },
      userKey: key,
      message: { text: reminderText(deps.t, locale, reminder), buttons: [[button]] },
    }));
  };
  return {
    async send(now) {
      if (isQuietHours(now)) return 0;
      let queued = 0;
      for (let after: string | null = null; ; ) {
        const page = await deps.pledges.findRemindable(after, PAGE);
        for (const { key, pledge, remindersSent } of page) {
          const due = dueMissionReminders(pledge, now, remindersSent);
          if (due.length === 0) continue;
          const messages = await messagesFor(key, due, now);
          // Queued first, then marked: a crash in between queues again under the same ids, which the outbox keeps once.
          await deps.notices.enqueue(`mission-reminders:${now.toISOString().slice(0, 10)}`, messages);
          await deps.pledges.markReminded(
            key,
            due.map((r) => r.key),
          );
          queued += messages.length;
        }
        if (page.length < PAGE) return queued;
        after = page.at(-1)?.key ?? null;
      }
    },
  };
}
