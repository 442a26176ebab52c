import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Base } from '../../../src/domain/bases/base.ts';
import type { OfflineMember } from '../../../src/domain/bases/base-people.ts';
import { rosterData } from '../../../src/domain/bases/roster.ts';
import { boardData } from '../../../src/domain/callups/callback-data.ts';
import { isolate } from '../../../src/domain/text/persian-text.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { baseTools } from '../../support/bases-e2e.ts';
import { TEST_TOKENS } from '../../support/bot-harness.ts';
import { buttonsOf, type CallUpHarness, COORDINATOR_KEY, startCallUpBot } from '../../support/callup-harness.ts';

const LEADER_ID = 8801;
const OTHER_LEADER_ID = 8802;

describe('relays: a base leader answers a roster card for offline members (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;
  let narmak: Base;
  const offline = (id: string, name: string, specialty: string, baseId: string): OfflineMember => ({
    id,
    baseId,
    name,
    specialty,
    phone: '+989121110000',
    pledgeHours: 10,
    addedBy: COORDINATOR_KEY,
    addedAt: h.clock.now(),
  });
  const chat = (userId: number) =>
    h.sandbox.user({ token: TEST_TOKENS.telegram, userId, firstName: 'Leader', started: true });

  beforeAll(async () => {
    h = await startCallUpBot();
    const tools = baseTools(h);
    const users = createUserRepository(h.database.models);
    for (const id of [LEADER_ID, OTHER_LEADER_ID]) {
      await users.upsertSeen({ platform: 'telegram', platformUserId: String(id), chatId: String(id) });
      chat(id);
    }
    narmak = await tools.base({ name: 'مسجد امام حسن نارمک', leaders: [`telegram:${LEADER_ID}`] });
    const other = await tools.base({ name: 'شورای محله‌ی پونک', leaders: [`telegram:${OTHER_LEADER_ID}`] });
    await tools.people.addOffline(offline('offHasan', 'حسن موسوی', 'gp', narmak.id));
    await tools.people.addOffline(offline('offMaryam', 'مریم کاظمی', 'gp', narmak.id));
    await tools.people.addOffline(offline('offNurse', 'زهرا رحیمی', 'nurse', narmak.id));
    await tools.people.addOffline(offline('offPunak', 'علی پونکی', 'gp', other.id));
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when a call-up reaches a base with offline members, then its leader answers for two of them and the status counts them as filled', async () => {
    const fa = h.t('fa');
    await createCallUpInChat(h.coordinator(), fa, {
      type: 'earthquake',
      title: 'زلزله‌ی نارمک',
      description: 'چند ساختمان آسیب دیده است.',
      province: 'tehran',
      city: 'تهران',
      needs: [{ specialty: 'gp', count: 2 }],
      start: 'now',
      durationHours: 6,
      meetingPoint: 'مسجد امام حسن',
      contact: 'آقای کریمی',
      bases: [narmak.name],
    });
    const callUp = await h.latestCallUp('زلزله‌ی نارمک');
    const leader = chat(LEADER_ID);
    const roster = await leader.waitFor((m) => m.text?.includes('زلزله‌ی نارمک') === true);
    // The base's offline GPs, not its nurse; another base's leader gets nothing for a call-up not sent to it.
    expect(roster.text).toContain('حسن موسوی');
    expect(roster.text).toContain('مریم کاظمی');
    expect(roster.text).not.toContain('زهرا رحیمی');
    expect(
      chat(OTHER_LEADER_ID)
        .messages()
        .some((m) => m.text?.includes('زلزله‌ی نارمک')),
    ).toBe(false);

    const card = () => leader.messages().find((m) => m.message_id === roster.message_id)!;
    // Hasan is coming: one tap. Maryam is coming an hour late: «با تأخیر», then the delay.
    leader.press(fa('bases:roster.coming', { name: 'حسن موسوی' }), roster.message_id);
    await leader.waitForAlert();
    await vi.waitFor(() => expect(card().text).toContain(fa('bases:roster.state.coming')));
    expect(buttonsOf(card()).filter((b) => b === fa('bases:roster.late'))).toHaveLength(2);
    leader.press((b) => 'callback_data' in b && b.callback_data === `br:l:${callUp.id}:offMaryam`, roster.message_id);
    await leader.waitForAlert();
    const hour = fa('bases:roster.eta', { name: 'مریم کاظمی', minutes: 60 });
    await vi.waitFor(() => expect(buttonsOf(card())).toContain(hour));
    leader.press(hour, roster.message_id);
    await leader.waitForAlert();
    await vi.waitFor(() => expect(card().text).toContain(fa('bases:roster.state.late', { minutes: 60 })));

    const relayed = (await h.invitations(callUp.id)).filter((i) => i.volunteerKey.startsWith('offline:'));
    expect(relayed.map((i) => [i.volunteerKey, i.answer, i.etaMinutes, i.seat]).sort()).toEqual([
      ['offline:offHasan', 'yes', null, expect.any(Number)],
      ['offline:offMaryam', 'late', 60, expect.any(Number)],
    ]);
    // No chat of their own: nothing meant for the person themselves is written to the leader or anyone else.
    expect(relayed.map((i) => i.chatId)).toEqual(['', '']);
    expect(leader.messages().filter((m) => m.fromBot)).toHaveLength(1);
    // Counted like any answer: both seats taken, the need met, and the coordinator's status says so.
    await vi.waitFor(async () => expect((await h.repositories.callUps.get(callUp.id))?.status).toBe('filled'));
    const board = () =>
      h
        .coordinator()
        .messages()
        .find((m) => m.message_id === callUp.statusMessageId);
    await vi.waitFor(() => expect(board()?.text).toContain('پزشک عمومی: ۲ از ۲'), { timeout: 5000 });
  });

  it('when the coordinator opens the confirmed list, the attendance list and the answers file, then the two relayed members are named and marked as relayed through their base', async () => {
    const fa = h.t('fa');
    const callUp = await h.latestCallUp('زلزله‌ی نارمک');
    const coordinator = h.coordinator();
    const board = callUp.statusMessageId!;
    const relayed = fa('callup:board.person_relayed', { base: isolate(narmak.name) });
    const lineOf = (text: string | undefined, name: string) => text?.split('\n').find((l) => l.includes(name));

    coordinator.press(fa('callup:board.buttons.list'), board);
    const list = await coordinator.waitFor(
      (m) => m.text?.startsWith(fa('callup:board.list_title').slice(0, 10)) === true,
    );
    for (const name of ['حسن موسوی', 'مریم کاظمی']) {
      expect(lineOf(list.text, name)).toContain('پزشک عمومی');
      expect(lineOf(list.text, name)).toContain(relayed);
    }
    expect(list.text).toContain('حدود ۶۰ دقیقه تأخیر');

    coordinator.pressData(boardData(callUp.id, 'attend'), board);
    const sheet = await coordinator.waitFor((m) => buttonsOf(m).includes(fa('callup:attendance.save')));
    const hasan = buttonsOf(sheet).find((b) => b.includes('حسن موسوی'));
    expect(hasan).toBe(fa('callup:attendance.not_marked', { name: 'حسن موسوی', specialty: 'پزشک عمومی' }) + relayed);
    expect(buttonsOf(sheet).find((b) => b.includes('مریم کاظمی'))).toContain(relayed);
    // Marked and saved like anyone's: the event's hours are credited to the relayed member too.
    coordinator.press(hasan!, sheet.message_id);
    await coordinator.waitForAlert();
    coordinator.press(fa('callup:attendance.save'), sheet.message_id);
    await coordinator.waitForAlert();
    const saved = () => coordinator.messages().find((m) => m.message_id === sheet.message_id)!;
    await vi.waitFor(() =>
      expect(saved().text).toContain(fa('callup:attendance.saved', { credited: 1, hours: 6, total: 1 })),
    );

    coordinator.press(fa('callup:board.buttons.export_csv'), board);
    const file = await coordinator.waitFor((m) => m.document?.file_name?.endsWith('.csv') === true, 10_000);
    const rows = new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.document?.bytes).split('\r\n');
    expect(rows[0]).toContain(fa('coordinator:export.callup_columns.relayed_by'));
    for (const name of ['حسن موسوی', 'مریم کاظمی']) expect(lineOf(rows.join('\n'), name)).toContain(narmak.name);
  });

  it('when someone who leads another base presses a roster button, then it is refused and nothing is recorded', async () => {
    const callUp = await h.latestCallUp('زلزله‌ی نارمک');
    const intruder = chat(OTHER_LEADER_ID);
    intruder.sendText('سلام');
    const forged = await intruder.waitFor((m) => m.fromBot === true);
    intruder.pressData(`br:n:${callUp.id}:offHasan`, forged.message_id);
    expect((await intruder.waitForAlert()).text).toBe(h.t('fa')('bases:errors.not_leader'));
    expect((await h.repositories.answers.get(callUp.id, 'offline:offHasan'))?.answer).toBe('yes');
  });

  it('when a relayed member waits and a seat frees, then the member moves up and their leader is told', async () => {
    const fa = h.t('fa');
    await createCallUpInChat(h.coordinator(), fa, {
      type: 'explosion_fire',
      title: 'آتش‌سوزی نارمک',
      description: 'آتش در یک انبار.',
      province: 'tehran',
      city: 'تهران',
      needs: [{ specialty: 'gp', count: 1 }],
      start: 'now',
      durationHours: 3,
      meetingPoint: 'مسجد امام حسن',
      contact: 'آقای کریمی',
      bases: [narmak.name],
    });
    const callUp = await h.latestCallUp('آتش‌سوزی نارمک');
    const leader = chat(LEADER_ID);
    const roster = await leader.waitFor((m) => m.text?.includes('آتش‌سوزی نارمک') === true);
    const answerOf = async (id: string) => (await h.repositories.answers.get(callUp.id, `offline:${id}`))?.answer;
    // One seat: Hasan takes it, Maryam waits.
    leader.press(fa('bases:roster.coming', { name: 'حسن موسوی' }), roster.message_id);
    await leader.waitForAlert();
    leader.press(fa('bases:roster.coming', { name: 'مریم کاظمی' }), roster.message_id);
    await leader.waitForAlert();
    expect([await answerOf('offHasan'), await answerOf('offMaryam')]).toEqual(['yes', 'waiting']);

    leader.pressData(rosterData({ kind: 'no' }, callUp.id, 'offHasan'), roster.message_id);
    const told = await leader.waitFor(
      (m) =>
        m.text?.includes(
          fa('bases:roster.promoted', {
            title: 'آتش‌سوزی نارمک',
            specialty: 'پزشک عمومی',
            name: isolate('مریم کاظمی'),
          }),
        ) === true,
    );
    expect(told.fromBot).toBe(true);
    expect(await answerOf('offMaryam')).toBe('yes');
    expect((await h.repositories.answers.get(callUp.id, 'offline:offMaryam'))?.seat).not.toBeNull();
  });
});
