import type { SimulatedUser } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Base } from '../../../src/domain/bases/base.ts';
import type { Tr } from '../../../src/i18n/index.ts';
import { baseTools } from '../../support/bases-e2e.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { persian, staffTools } from '../../support/staff-e2e.ts';

const FAST_SANDBOX = { limits: { perChatPerSecond: 1000, perChatBurst: 1000, globalPerSecond: 10_000 } };

describe('base leaders: appointed by link, scoped to their base (bot ↔ sandbox, real database)', () => {
  let h: BotHarness;
  let t: Tr;
  let tools: ReturnType<typeof staffTools>;
  let coordinator: SimulatedUser;
  let leader: SimulatedUser;
  let baseA: Base;
  let baseB: Base;

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
    t = await persian();
    tools = staffTools(h);
    const bases = baseTools(h);
    baseA = await bases.base({ name: 'پایگاه الف' });
    baseB = await bases.base({ name: 'پایگاه ب' });
    await tools.volunteer(7601, { name: 'مریم نوری', mobile: '+989121110001' });
    await tools.volunteer(7602, { name: 'حسن کاظمی', mobile: '+989121110002' });
    await bases.join('telegram:7601', baseA.id);
    await bases.join('telegram:7602', baseB.id);
    await bases.people.addOffline({
      id: 'offB1',
      baseId: baseB.id,
      name: 'علی بی‌پیام',
      specialty: 'nurse',
      phone: '+989121110003',
      pledgeHours: 10,
      addedBy: 'telegram:1',
      addedAt: h.clock.now(),
    });
    await tools.coordinator(7603, ['tehran']);
    coordinator = h.user({ userId: 7603, firstName: 'Coord' });
    leader = h.user({ userId: 7604, firstName: 'Leader' });
    for (const user of [coordinator, leader]) {
      user.sendCommand('/start');
      await user.waitForNew(1);
    }
    // A newcomer's /start begins registration; this one is here to lead a base.
    leader.sendCommand('/cancel');
    await leader.waitForNew(1);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('when a coordinator invites a leader for base A and they open the link, then they lead A and see only its members', async () => {
    coordinator.sendCommand('/bases');
    await coordinator.waitFor((m) => m.text?.startsWith('پایگاه‌ها —') === true);
    coordinator.press('پایگاه الف');
    await coordinator.waitFor((m) => m.text?.startsWith('پایگاه الف\n') === true);
    coordinator.press(t('bases:card.invite_leader'));
    const created = await coordinator.waitFor((m) => m.text?.includes('?start=bl_') === true);
    const payload = /\?start=(bl_[\w-]+)/.exec(created.text ?? '')?.[1] ?? '';

    leader.sendCommand('/start', payload);
    await leader.waitFor((m) => m.text === t('bases:leader.welcome', { name: 'پایگاه الف' }));
    expect((await h.database.models.bases.findById(baseA.id).lean())?.leaders).toEqual(['telegram:7604']);
    const [entry] = await tools.audit({ action: 'base.leader_appointed' });
    expect(entry).toMatchObject({ actor: 'telegram:7604', target: `base:${baseA.id}` });

    // Used once: nobody else becomes a leader with it.
    const other = h.user({ userId: 7605, firstName: 'Other' });
    other.sendCommand('/start', payload);
    await other.waitFor((m) => m.text === t('admin:errors.invite_used'));

    leader.press(t('bases:leader.menu'));
    const members = await leader.waitFor((m) => m.text?.startsWith('اعضای پایگاه «پایگاه الف»') === true);
    expect(members.text).toContain('مریم نوری');
    expect(members.text).toContain('+989121110001');
    expect(members.text).not.toContain('حسن کاظمی');
    expect(members.text).not.toContain('علی بی‌پیام');
  });

  it('when the leader of A forges a button for base B, then they are refused and the attempt is audited', async () => {
    const last = leader.lastMessage();
    if (!last) throw new Error('the leader has no message to press on');
    for (const data of [`bl:show:${baseB.id}`, `bl:add:${baseB.id}`]) {
      leader.pressData(data, last.message_id);
      const alert = await leader.waitForAlert();
      expect(alert.text).toBe(t('bases:errors.not_leader'));
    }
    expect(leader.messages().some((m) => m.text?.includes('حسن کاظمی'))).toBe(false);
    const refusals = await tools.audit({ action: 'access.refused', actor: 'telegram:7604' });
    expect(refusals.map((r) => r.details?.attempt)).toEqual(['base.add_offline', 'base.members']);
    // Nor is the coordinator's bases menu theirs.
    leader.sendCommand('/bases');
    await leader.waitFor((m) => m.text === t('admin:refused.not_allowed'));
  });

  it('when the leader adds an offline member, then the member is stored in A and listed with the members', async () => {
    leader.press(t('bases:leader.menu'));
    await leader.waitFor((m) => m.text?.startsWith('اعضای پایگاه «پایگاه الف»') === true);
    leader.press(t('bases:leader.add_offline'));
    await leader.waitFor((m) => m.text === t('bases:leader.offline_name'));
    leader.sendText('رضا بی‌تلفن');
    await leader.waitFor((m) => m.text === t('bases:leader.offline_specialty'));
    leader.sendText('پرستار');
    await leader.waitFor((m) => m.text === t('bases:leader.offline_phone'));
    leader.sendText('۰۹۱۲ ۱۱۱ ۰۰۰۹');
    await leader.waitFor((m) => m.text?.startsWith('چند ساعت در ماه') === true);
    leader.sendText('۱۲');
    await leader.waitFor((m) => m.text === t('bases:leader.offline_added', { name: 'رضا بی‌تلفن', base: 'پایگاه الف' }));
    const stored = await h.database.models.offlineMembers.find({ baseId: baseA.id }).lean();
    expect(stored).toMatchObject([{ name: 'رضا بی‌تلفن', specialty: 'nurse', phone: '+989121110009', pledgeHours: 12 }]);
    leader.press(t('bases:leader.menu'));
    const members = await leader.waitFor((m) => m.text?.includes('رضا بی‌تلفن') === true);
    expect(members.text).toContain('مریم نوری');
  });
});
