import type { ChatAddress } from '../../src/domain/callups/callup.ts';
import type { Actor } from '../../src/domain/roles/actor.ts';
import type { Volunteer } from '../../src/domain/volunteers/volunteer.ts';
import { createI18n } from '../../src/i18n/index.ts';
import type { OutgoingMessage } from '../../src/messaging/outgoing-message.ts';
import type { Database } from '../../src/persistence/connection.ts';
import { createAuditRepository } from '../../src/persistence/repositories/audit.repository.ts';
import { createCoordinatorRepository } from '../../src/persistence/repositories/coordinator.repository.ts';
import { createInviteRepository } from '../../src/persistence/repositories/invite.repository.ts';
import { createUserRepository } from '../../src/persistence/repositories/user.repository.ts';
import { createVolunteerRepository } from '../../src/persistence/repositories/volunteer.repository.ts';
import type { AnnouncementOutbox } from '../../src/services/announcements/announcement.service.ts';
import { createStaffServices } from '../../src/services/roles/staff-services.ts';
import { TestClock } from './bot-harness.ts';
import { aVolunteer } from './volunteer-fixtures.ts';

export const ADMIN = 'bale:900';

/** Every staff service over a real test database, with a settable clock and the outside world recorded. */
export async function createStaffTestbed(database: Database) {
  const clock = new TestClock();
  const i18n = await createI18n({ defaultLocale: 'fa' });
  const sent: { to: ChatAddress; message: OutgoingMessage }[] = [];
  const queued: Parameters<AnnouncementOutbox['enqueue']>[0][] = [];
  const repositories = {
    users: createUserRepository(database.models),
    volunteers: createVolunteerRepository(database.models),
    coordinators: createCoordinatorRepository(database.models),
    invites: createInviteRepository(database.models),
    auditEntries: createAuditRepository(database.models),
  };
  const services = createStaffServices({
    repositories,
    chat: {
      async send(to, message) {
        sent.push({ to, message });
        return sent.length;
      },
      async edit() {
        return true;
      },
    },
    // The outbox is recorded like the chat: what it would send, to whom.
    notices: {
      async enqueue(_campaignId, messages) {
        for (const { to, message } of messages) sent.push({ to, message });
      },
    },
    outbox: {
      async enqueue(batch) {
        queued.push(batch);
      },
    },
    t: i18n.t,
    defaultLocale: 'fa',
    adminIds: [ADMIN],
    now: clock.now,
  });
  let nextId = 20_000;
  return {
    clock,
    i18n,
    sent,
    queued,
    repositories,
    services,
    admin: { key: ADMIN, role: 'admin', provinces: [] } as Actor,
    /** A registered volunteer stored through the repository; `key`/`chatId` are fresh unless given. */
    async volunteer(overrides: Partial<Volunteer> = {}): Promise<Volunteer> {
      nextId += 1;
      const v = aVolunteer({ key: `bale:${nextId}`, platform: 'bale', chatId: String(nextId), ...overrides });
      if (!(await repositories.volunteers.create(v))) throw new Error(`could not seed ${v.key}`);
      return v;
    },
    /** An active coordinator of these provinces, appointed through an invite as in real life. */
    async coordinator(provinces: string[], key = `bale:${++nextId}`): Promise<Actor> {
      const { invite } = await services.coordinators.createInvite(
        { key: ADMIN, role: 'admin', provinces: [] },
        provinces,
        'bale',
      );
      await services.coordinators.redeemInvite(
        { key, platform: 'bale', chatId: key.slice(5), name: 'هماهنگ‌کننده' },
        invite.token,
      );
      return services.authorization.actorOf(key);
    },
  };
}
