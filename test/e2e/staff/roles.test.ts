import type { SimulatedUser } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_LIFETIME_MS } from '../../../src/domain/roles/invite.ts';
import type { Tr } from '../../../src/i18n/index.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { buttons, persian, staffTools } from '../../support/staff-e2e.ts';

const FAST_SANDBOX = { limits: { perChatPerSecond: 1000, perChatBurst: 1000, globalPerSecond: 10_000 } };
const ADMIN_ID = 901;

describe('appointing coordinators through the bot (bot ↔ sandbox, real database)', () => {
  let h: BotHarness;
  let t: Tr;
  let tools: ReturnType<typeof staffTools>;
  let admin: SimulatedUser;

  beforeAll(async () => {
    h = await startTestBot({ adminIds: [`telegram:${ADMIN_ID}`], sandbox: FAST_SANDBOX });
    t = await persian();
    tools = staffTools(h);
    admin = h.user({ userId: ADMIN_ID, firstName: 'Admin' });
    admin.sendCommand('/start');
    await admin.waitForNew(1);
  });
  afterAll(async () => {
    await h.stop();
  });

  const role = async (key: string) => (await h.database.models.coordinators.findById(key).lean()) ?? undefined;

  /** The admin makes an invite link for these provinces and platform through /invite; returns the payload. */
  async function makeInvite(
    provinces: string[],
    platform: 'تلگرام' | 'بله',
  ): Promise<{ payload: string; text: string }> {
    admin.sendCommand('/invite');
    await admin.waitFor((m) => m.text?.startsWith('هماهنگ‌کننده‌ی تازه') === true);
    for (const province of provinces) {
      admin.press(province);
      await admin.waitFor((m) => m.text?.includes(province) === true && m.text.includes('انتخاب‌شده'));
    }
    admin.press(t('coordinator:provinces.done'));
    await admin.waitFor((m) => m.text?.includes('کدام پیام‌رسان') === true);
    admin.press(platform);
    const created = await admin.waitFor((m) => m.text?.includes('/start inv_') === true);
    const payload = /\/start (inv_[\w-]+)/.exec(created.text ?? '')?.[1];
    if (!payload) throw new Error('no payload in the invite message');
    return { payload, text: created.text ?? '' };
  }

  it('when an admin makes an invite and a colleague opens it, then the colleague coordinates those provinces', async () => {
    const { payload, text } = await makeInvite(['فارس', 'بوشهر'], 'تلگرام');
    expect(text).toContain(`https://t.me/`);
    expect(text).toContain(`?start=${payload}`);
    const colleague = h.user({ userId: 7301, firstName: 'Maryam' });
    colleague.sendCommand('/start', payload);
    const welcome = await colleague.waitFor((m) => m.text?.includes('خوش آمدید!') === true);
    expect(welcome.text).toContain('فارس، بوشهر');
    expect(buttons(welcome)).toContain('menu:staff');
    expect(await role('telegram:7301')).toMatchObject({
      status: 'active',
      provinces: ['fars', 'bushehr'],
      via: 'invite',
    });
    await admin.waitFor((m) => m.text?.includes('Maryam (telegram:7301)') === true);
    const [entry] = await tools.audit({ action: 'coordinator.appointed' });
    expect(entry).toMatchObject({ actor: 'telegram:7301', details: { invitedBy: `telegram:${ADMIN_ID}` } });

    // Used once: the next person is refused.
    const second = h.user({ userId: 7302, firstName: 'Ali' });
    second.sendCommand('/start', payload);
    await second.waitFor((m) => m.text === t('admin:errors.invite_used'));
    expect(await role('telegram:7302')).toBeUndefined();
  });

  it('when a Telegram invite is opened on Bale, then it is refused there and still works on Telegram', async () => {
    const { payload, text } = await makeInvite(['قم'], 'تلگرام');
    expect(text).toContain('https://t.me/');
    const onBale = h.user({ platform: 'bale', userId: 7303, firstName: 'Reza' });
    onBale.sendCommand('/start', payload);
    await onBale.waitFor((m) => m.text === t('admin:errors.invite_wrong_platform'));
    expect(await role('bale:7303')).toBeUndefined();
    const onTelegram = h.user({ userId: 7303, firstName: 'Reza' });
    onTelegram.sendCommand('/start', payload);
    await onTelegram.waitFor((m) => m.text?.includes('خوش آمدید!') === true);
  });

  it('when an invite for Bale is made on Telegram, then no link is shown but the start command is', async () => {
    const { text } = await makeInvite(['یزد'], 'بله');
    expect(text).not.toContain('https://');
    expect(text).toContain(t('admin:invite.no_link'));
  });

  it('when an invite is opened 48 hours after it was made, then it has expired', async () => {
    h.clock.set(new Date('2026-11-23T08:00:00Z'));
    const { payload } = await makeInvite(['گیلان'], 'تلگرام');
    h.clock.advance(INVITE_LIFETIME_MS + 1000);
    const late = h.user({ userId: 7304, firstName: 'Late' });
    late.sendCommand('/start', payload);
    await late.waitFor((m) => m.text === t('admin:errors.invite_expired'));
    expect(await role('telegram:7304')).toBeUndefined();
    const [refusal] = await tools.audit({ actor: 'telegram:7304' });
    expect(refusal).toMatchObject({
      action: 'access.refused',
      details: { attempt: 'invite.redeem', reason: 'invite_expired' },
    });
  });

  it('when a volunteer asks to coordinate and the admin approves from the notice, then they become coordinator', async () => {
    const asker = h.user({ userId: 7305, firstName: 'Neda' });
    asker.sendCommand('/coordinate');
    await asker.waitFor((m) => m.text?.startsWith('درخواست هماهنگ‌کنندگی') === true);
    asker.press('کرمان');
    await asker.waitFor((m) => m.text?.includes('انتخاب‌شده: کرمان') === true);
    asker.press(t('coordinator:provinces.done'));
    await asker.waitFor((m) => m.text?.includes('تجربه') === true);
    asker.sendText('مسئول داوطلبان هلال‌احمر کرمان');
    await asker.waitFor((m) => m.text?.includes('برای مدیران فرستاده شود؟') === true);
    asker.press(t('coordinator:request.send'));
    await asker.waitFor((m) => m.text === t('coordinator:request.sent'));

    const notice = await admin.waitFor((m) => m.text?.includes('درخواست هماهنگ‌کنندگی تازه') === true);
    expect(notice.text).toContain('مسئول داوطلبان هلال‌احمر کرمان');
    admin.press(t('admin:requests.approve'), notice.message_id);
    await admin.waitFor((m) => m.text?.includes('هماهنگ‌کننده‌ی کرمان شد') === true);
    await asker.waitFor((m) => m.text?.includes('درخواست شما تأیید شد') === true);
    expect(await role('telegram:7305')).toMatchObject({
      status: 'active',
      provinces: ['kerman'],
      appointedBy: `telegram:${ADMIN_ID}`,
    });
  });

  it('when the admin changes a coordinator’s provinces and then removes them, then each is applied and told', async () => {
    const key = await tools.coordinator(7306, ['ilam']);
    const coordinator = h.user({ userId: 7306, firstName: 'Hamid' });
    coordinator.sendCommand('/start');
    await coordinator.waitForNew(1);

    admin.sendCommand('/coordinators');
    const list = await admin.waitFor((m) => m.text?.includes(key) === true);
    admin.pressData(`ad:c:${key}`, list.message_id);
    await admin.waitFor((m) => buttons(m).includes(`ad:cp:${key}`));
    admin.press(t('admin:coordinators.change'));
    await admin.waitFor((m) => m.text?.includes('انتخاب‌شده: ایلام') === true);
    admin.press('لرستان');
    await admin.waitFor((m) => m.text?.includes('انتخاب‌شده: ایلام، لرستان') === true);
    admin.press(t('coordinator:provinces.done'));
    await admin.waitFor((m) => m.text?.includes(`استان‌های ${key} به‌روز شد`) === true);
    await coordinator.waitFor((m) => m.text?.includes('ایلام، لرستان') === true);
    expect((await role(key))?.provinces).toEqual(['ilam', 'lorestan']);

    admin.pressData(`ad:rm:${key}`, admin.lastMessage()!.message_id);
    await admin.waitFor((m) => buttons(m).includes(`ad:rmy:${key}`));
    admin.press(t('admin:coordinators.remove_yes'));
    await admin.waitFor((m) => m.text === t('admin:coordinators.removed', { key }));
    await coordinator.waitFor((m) => m.text === t('coordinator:role.removed'));
    expect(await role(key)).toBeUndefined();
    coordinator.sendCommand('/panel');
    await coordinator.waitFor((m) => m.text === t('admin:refused.not_allowed'));
  });
});
