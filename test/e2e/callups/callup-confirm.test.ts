import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createSessionStorage } from '../../../src/persistence/repositories/session.repository.ts';
import { type CallUpSpec, createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot } from '../../support/callup-harness.ts';
import { SETTLED } from '../../support/waits.ts';

const spec = (title: string): CallUpSpec => ({
  type: 'flood',
  urgency: 'immediate',
  title,
  description: 'آب به خانه‌های پایین‌دست رسیده است.',
  province: 'golestan',
  city: 'آق‌قلا',
  needs: [{ specialty: 'gp', count: 2 }],
  start: 'now',
  durationHours: 6,
  meetingPoint: 'مسجد جامع آق‌قلا',
  contact: 'آقای قربانی ۰۹۱۱۰۰۰۰۰۰۰',
});

/**
 * Confirming a call-up is one idempotent step keyed by the preview's draft id: a second press, a replayed press or a
 * press after a restart shows the call-up it made instead of making another.
 */
describe('the call-up confirm («ارسال»)', () => {
  let h: CallUpHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function setUp() {
    h = await startCallUpBot();
    const seeded: Volunteer[] = [];
    for (let i = 0; i < 6; i++) seeded.push(await h.volunteer({ specialty: 'gp', province: 'golestan' }));
    return { h, seeded };
  }

  const callUpsTitled = async (harness: CallUpHarness, title: string) =>
    (await harness.repositories.callUps.listRecent(new Date(0), null)).filter((c) => c.title === title);

  /** Every seeded volunteer has had exactly one card of the call-up, once the outbox has drained. */
  const eachGotOneCard = (harness: CallUpHarness, seeded: readonly Volunteer[], title: string) =>
    vi.waitFor(
      () => {
        for (const v of seeded) {
          const cards = harness.deliveredTo(v.platform, v.chatId).filter((text) => text.includes(title));
          expect(cards, v.key).toHaveLength(1);
        }
      },
      { timeout: 10_000, interval: 100 },
    );

  it('when the coordinator presses «ارسال» again, then no second call-up is made and the preview shows the status of the first', async () => {
    const { h, seeded } = await setUp();
    const fa = h.t('fa');
    const coordinator = h.coordinator();
    const { preview } = await createCallUpInChat(coordinator, fa, spec('سیل آق‌قلا'));
    await eachGotOneCard(h, seeded, 'سیل آق‌قلا');

    coordinator.press(fa('callup:create.send'), preview.message_id);
    const shown = await coordinator.waitFor(
      (m) => m.message_id === preview.message_id && m.text?.includes(fa('callup:create.already_sent')) === true,
    );
    expect(shown.text).toContain('سیل آق‌قلا');
    expect(await callUpsTitled(h, 'سیل آق‌قلا')).toHaveLength(1);
    await eachGotOneCard(h, seeded, 'سیل آق‌قلا');
  });

  it('when the bot restarted before the flow left the preview, then /callup and «ارسال» show the call-up already sent, and nobody gets a second card', async () => {
    const { h, seeded } = await setUp();
    const fa = h.t('fa');
    const coordinator = h.coordinator();
    const { preview } = await createCallUpInChat(coordinator, fa, spec('سیلاب گنبد'), { send: false });
    // The session as it was at the preview: what a crash during sending leaves, since the session is saved last.
    const sessions = createSessionStorage<Record<string, unknown>>(h.database.models);
    // Saved once the update that showed the preview has finished.
    const atPreview = await vi.waitFor(async () => {
      const session = await sessions.read('telegram:9001');
      expect(session).toMatchObject({ flow: { step: 'preview' } });
      return session;
    });
    coordinator.press(fa('callup:create.send'), preview.message_id);
    await coordinator.waitFor((m) => m.text?.includes('در صف ارسال است') === true);
    await eachGotOneCard(h, seeded, 'سیلاب گنبد');
    // Once the press's own update has saved the session (the flow over), the preview is put back, as a crash before
    // that save would have left it; by a storage of its own, since this one would skip writing back what it read.
    await vi.waitFor(async () => expect((await sessions.read('telegram:9001'))?.flow ?? null).toBeNull(), SETTLED);
    await createSessionStorage<Record<string, unknown>>(h.database.models).write('telegram:9001', atPreview!);
    await h.restart();

    coordinator.sendCommand('/callup');
    const status = await coordinator.waitFor((m) => m.text?.includes(fa('callup:create.already_sent')) === true);
    expect(status.text).toContain('سیلاب گنبد');
    expect(status.text).not.toContain('پیش‌نمایش فراخوان');
    expect(buttonsOf(status)).not.toContain(fa('callup:create.send'));
    // The flow is over: the coordinator is not kept at the preview.
    await vi.waitFor(async () => expect((await sessions.read('telegram:9001'))?.flow ?? null).toBeNull());

    coordinator.press(fa('callup:create.send'), preview.message_id);
    await coordinator.waitFor(
      (m) => m.message_id === preview.message_id && m.text?.includes(fa('callup:create.already_sent')) === true,
    );
    expect(await callUpsTitled(h, 'سیلاب گنبد')).toHaveLength(1);
    await eachGotOneCard(h, seeded, 'سیلاب گنبد');
  });

  it('when a preview was cancelled unsent, then its «ارسال» sends nothing', async () => {
    const { h } = await setUp();
    const fa = h.t('fa');
    const coordinator = h.coordinator();
    const { preview } = await createCallUpInChat(coordinator, fa, spec('سیل بندر ترکمن'), { send: false });
    coordinator.sendCommand('/cancel');
    await coordinator.waitForNew(1);
    coordinator.press(fa('callup:create.send'), preview.message_id);
    await coordinator.waitFor((m) => m.text === fa('callup:errors.stale'));
    expect(await callUpsTitled(h, 'سیل بندر ترکمن')).toHaveLength(0);
  });
});
