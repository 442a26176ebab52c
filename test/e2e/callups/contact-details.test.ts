import type { SimulatedUser } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardData } from '../../../src/domain/callups/callback-data.ts';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createCoordinatorRepository } from '../../../src/persistence/repositories/coordinator.repository.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { TEST_TOKENS } from '../../support/bot-harness.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot } from '../../support/callup-harness.ts';

const KERMANSHAH_COORDINATOR_ID = 9101;

/**
 * Issue 5: phone numbers only for admins and for coordinators of the volunteer's own province. A call-up widened to
 * the neighbouring provinces shows its coordinators the neighbours' volunteers, but not their numbers.
 */
describe('call-up: whose phone numbers a coordinator sees in the confirmed list', () => {
  let h: CallUpHarness;
  let callUp: CallUp;
  let local: Volunteer;
  let neighbour: Volunteer;
  const fa = () => h.t('fa');

  const confirm = async (v: Volunteer) => {
    const chat = h.chatOf(v);
    const card = await chat.waitFor((m) => buttonsOf(m).includes(fa()('callup:card.yes')), 10_000);
    chat.press(fa()('callup:card.yes'), card.message_id);
    // The tap is acknowledged once the answer is stored.
    await chat.waitForAlert();
    expect((await h.repositories.answers.get(callUp.id, v.key))?.answer).toBe('yes');
  };

  /** Opens the confirmed list from the given chat, which must hold a bot message to press on. */
  const confirmedList = async (chat: SimulatedUser): Promise<string> => {
    chat.sendCommand('/callups');
    const list = await chat.waitFor((m) => m.text === fa()('callup:list.title'));
    chat.pressData(boardData(callUp.id, 'list'), list.message_id);
    const reply = await chat.waitFor((m) => m.text?.startsWith(fa()('callup:board.list_title').slice(0, 10)) === true);
    return reply.text ?? '';
  };

  beforeAll(async () => {
    h = await startCallUpBot();
    local = await h.volunteer({ specialty: 'gp', province: 'kermanshah', mobile: '+989121110001' });
    neighbour = await h.volunteer({ specialty: 'gp', province: 'ilam', mobile: '+989121110002' });
    const at = h.clock.now();
    await createCoordinatorRepository(h.database.models).saveActive({
      key: `telegram:${KERMANSHAH_COORDINATOR_ID}`,
      platform: 'telegram',
      chatId: String(KERMANSHAH_COORDINATOR_ID),
      name: 'هماهنگ‌کننده‌ی کرمانشاه',
      status: 'active',
      provinces: ['kermanshah'],
      note: null,
      via: 'request',
      requestedAt: at,
      appointedAt: at,
      appointedBy: 'telegram:9001',
      updatedAt: at,
    });

    await createCallUpInChat(h.coordinator(), fa(), {
      type: 'earthquake',
      title: 'زلزله‌ی کرند',
      description: 'به پزشک عمومی نیاز است.',
      province: 'kermanshah',
      city: 'کرند',
      needs: [{ specialty: 'gp', count: 2 }],
      start: 'now',
      durationHours: 6,
      meetingPoint: 'درمانگاه مرکزی',
      contact: 'دفتر هلال احمر',
    });
    callUp = await h.latestCallUp();
    await confirm(local);

    // The admin widens it to the neighbours; the volunteer from Ilam confirms too.
    const admin = h.coordinator();
    const board = admin.messages().find((m) => m.message_id === callUp.statusMessageId)!;
    admin.press(fa()('callup:board.buttons.extend'), board.message_id);
    await admin.waitFor((m) => m.text?.includes('استان همجوار گسترش یافت') === true, 10_000);
    await confirm(neighbour);
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when the coordinator of the call-up’s province opens the list, then a neighbour province’s phone is hidden', async () => {
    const coordinator = h.sandbox.user({
      token: TEST_TOKENS.telegram,
      userId: KERMANSHAH_COORDINATOR_ID,
      firstName: 'Kermanshah',
      started: true,
    });
    const text = await confirmedList(coordinator);
    expect(text).toContain(local.name);
    expect(text).toContain(neighbour.name);
    // Shown as people write it at home, in Persian digits.
    expect(text).toContain('۰۹۱۲ ۱۱۱ ۰۰۰۱');
    expect(text).not.toContain(local.mobile);
    expect(text).not.toContain('۰۰۰۲');
    expect(text).not.toContain('1110002');
    expect(text).toContain(fa()('callup:board.mobile_hidden'));
  });

  it('when an admin opens the same list, then every phone is shown', async () => {
    const text = await confirmedList(h.coordinator());
    expect(text).toContain('۰۹۱۲ ۱۱۱ ۰۰۰۱');
    expect(text).toContain('۰۹۱۲ ۱۱۱ ۰۰۰۲');
    expect(text).not.toContain(fa()('callup:board.mobile_hidden'));
  });
});
