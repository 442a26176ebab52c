import { beforeAll, describe, expect, it } from 'vitest';
import type { Base } from '../../../src/domain/bases/base.ts';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import type { CallUpTarget } from '../../../src/domain/callups/target.ts';
import { createI18n } from '../../../src/i18n/index.ts';
import type { OutgoingMessage } from '../../../src/messaging/outgoing-message.ts';
import { createBaseRepository } from '../../../src/persistence/repositories/base.repository.ts';
import { createBasePeopleRepository } from '../../../src/persistence/repositories/base-people.repository.ts';
import { createCallUpRepository } from '../../../src/persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from '../../../src/persistence/repositories/callup-answer.repository.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { createRosterCards } from '../../../src/services/bases/roster-cards.ts';
import { aCallUp } from '../../support/callup-fixtures.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const i18n = await createI18n({ defaultLocale: 'fa' });
const bases = createBaseRepository(database.models);
const people = createBasePeopleRepository(database.models);
const users = createUserRepository(database.models);
const invitations = createCallUpAnswerRepository(database.models);
const now = new Date('2026-12-07T09:00:00Z');

/** The roster service with a chat that records what it was asked to send, and by whom. */
function rosterService() {
  const sent: { chatId: string; message: OutgoingMessage }[] = [];
  const rosters = createRosterCards({
    bases,
    people,
    users,
    callUps: createCallUpRepository(database.models),
    invitations,
    answers: { answer: () => Promise.reject(new Error('no answers in this test')) },
    chat: {
      send: async (to, message) => {
        sent.push({ chatId: to.chatId, message });
        return 1;
      },
      edit: async () => true,
    },
    t: i18n.t,
    now: () => now,
  });
  return { rosters, sent };
}

let sequence = 0;
/** An open base with one leader (a user of the bot) and one offline GP. */
async function baseWithOfflineGp(fields: Partial<Base>): Promise<Base> {
  sequence += 1;
  const n = sequence;
  const leaderId = String(9100 + n);
  await users.upsertSeen({ platform: 'telegram', platformUserId: leaderId, chatId: leaderId });
  const base: Base = {
    id: `rb${n}`,
    kind: 'clinic',
    name: `پایگاه ${n}`,
    province: 'tehran',
    city: 'تهران',
    neighbourhood: null,
    location: { lat: 35.7, lon: 51.4 },
    locationFrom: 'pin',
    leaders: [`telegram:${leaderId}`],
    status: 'open',
    createdBy: 'telegram:1',
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
  await bases.create(base);
  await people.addOffline({
    id: `off${n}`,
    baseId: base.id,
    name: `عضو ${n}`,
    specialty: 'gp',
    phone: '+989121110000',
    pledgeHours: 10,
    addedBy: 'telegram:1',
    addedAt: now,
  });
  return base;
}

const callUpTo = (id: string, target: CallUpTarget): CallUp => aCallUp({ id, target, createdAt: now, updatedAt: now });

describe('which bases a call-up sends roster cards to', () => {
  let near: Base;
  let farther: Base;
  let inKaraj: Base;
  let closed: Base;
  beforeAll(async () => {
    near = await baseWithOfflineGp({ location: { lat: 35.7, lon: 51.4 } });
    // About 15 km east: outside a 10 km circle, inside 25 km.
    farther = await baseWithOfflineGp({ location: { lat: 35.7, lon: 51.566 } });
    inKaraj = await baseWithOfflineGp({ province: 'alborz', city: 'کرج', location: { lat: 35.83, lon: 50.99 } });
    closed = await baseWithOfflineGp({ status: 'closed' });
  });

  const leadersReached = (sent: { chatId: string }[]) => sent.map((s) => `telegram:${s.chatId}`).sort();
  const leadersOf = (...reached: Base[]) => reached.flatMap((b) => b.leaders).sort();

  it('when a call-up is drawn as a circle, then only the open bases inside it get a card, whatever their province', async () => {
    const { rosters, sent } = rosterService();
    await rosters.send(callUpTo('rdus0001', { kind: 'radius', center: { lat: 35.7, lon: 51.4 }, km: 10 }));
    expect(leadersReached(sent)).toEqual(leadersOf(near));
    const wider = rosterService();
    await wider.rosters.send(callUpTo('rdus0002', { kind: 'radius', center: { lat: 35.7, lon: 51.4 }, km: 25 }));
    expect(leadersReached(wider.sent)).toEqual(leadersOf(near, farther));
    const invited = (await invitations.listByCallUp('rdus0002')).map((i) => i.volunteerKey).sort();
    expect(invited).toEqual(['offline:off1', 'offline:off2']);
  });

  it('when a call-up reaches its province, then the open bases of that province get a card and no other', async () => {
    const { rosters, sent } = rosterService();
    await rosters.send(callUpTo('prov0001', { kind: 'province' }));
    expect(leadersReached(sent)).toEqual(leadersOf(near, farther));
    expect(leadersReached(sent)).not.toContain(inKaraj.leaders[0]);
    expect(leadersReached(sent)).not.toContain(closed.leaders[0]);
  });
});
