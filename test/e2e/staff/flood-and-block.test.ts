import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_FLOOD_CONTROL } from '../../../src/bot/middlewares/flood-control.ts';
import type { Tr } from '../../../src/i18n/index.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { nextReply } from '../../support/replies.ts';
import { persian, staffTools } from '../../support/staff-e2e.ts';

const FAST_SANDBOX = { limits: { perChatPerSecond: 1000, perChatBurst: 1000, globalPerSecond: 10_000 } };
const ADMIN_ID = 903;

describe('flood control and blocking (bot ↔ sandbox, real database)', () => {
  let h: BotHarness;
  let t: Tr;
  let tools: ReturnType<typeof staffTools>;

  beforeAll(async () => {
    h = await startTestBot({ adminIds: [`telegram:${ADMIN_ID}`], sandbox: FAST_SANDBOX });
    t = await persian();
    tools = staffTools(h);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('when a user sends far too fast, then they get one polite notice and the rest is ignored', async () => {
    const user = h.user({ userId: 7501, firstName: 'Fast' });
    const burst = DEFAULT_FLOOD_CONTROL.maxUpdates + 10;
    for (let i = 0; i < burst; i++) user.sendText(`سلام ${i}`);
    const notice = t('admin:flood.notice', { seconds: DEFAULT_FLOOD_CONTROL.muteMs / 1000 });
    await user.waitFor((m) => m.text === notice, 10_000);
    // Every update before the limit is answered; wait for those answers rather than for a fixed time.
    const texts = () => user.messages().map((m) => m.text);
    await vi.waitFor(
      () =>
        expect(texts().filter((text) => text === t('common:unhandled.hint'))).toHaveLength(
          DEFAULT_FLOOD_CONTROL.maxUpdates,
        ),
      { timeout: 10_000 },
    );
    await sleep(500);
    expect(texts().filter((text) => text === notice)).toHaveLength(1);
    user.sendCommand('/help');
    await sleep(700);
    expect(user.messages()).toHaveLength(DEFAULT_FLOOD_CONTROL.maxUpdates + 1);
  });

  it('when an admin blocks a user, then the user gets nothing until unblocked, and both are in the audit log', async () => {
    const user = h.user({ userId: 7502, firstName: 'Spam' });
    user.sendCommand('/start');
    // The welcome, then the consent in two messages.
    await user.waitForNew(3);
    const seen = user.messages().length;
    const admin = h.user({ userId: ADMIN_ID, firstName: 'Admin' });

    admin.sendCommand('/block', 'telegram:7502');
    await admin.waitFor((m) => m.text === t('admin:block.blocked', { key: 'telegram:7502' }));
    user.sendCommand('/start');
    user.sendText('سلام');
    await sleep(800);
    expect(user.messages()).toHaveLength(seen);

    admin.sendCommand('/unblock', 'telegram:7502');
    await admin.waitFor((m) => m.text === t('admin:block.unblocked', { key: 'telegram:7502' }));
    user.sendCommand('/help');
    await user.waitFor((m) => m.text === t('common:help.text'));
    const actions = (await tools.audit({ target: 'telegram:7502' })).map((e) => e.action);
    expect(actions).toEqual(['user.unblocked', 'user.blocked']);
  });

  it('when an admin blocks someone unknown, another admin, or forgets the id, then it is explained', async () => {
    const admin = h.user({ userId: ADMIN_ID, firstName: 'Admin' });
    admin.sendCommand('/block', 'telegram:424242');
    expect(await nextReply(admin)).toBe(t('admin:errors.not_found'));
    admin.sendCommand('/block', `telegram:${ADMIN_ID}`);
    expect(await nextReply(admin)).toBe(t('admin:errors.is_admin'));
    admin.sendCommand('/block');
    expect(await nextReply(admin)).toBe(t('admin:block.usage', { command: 'block' }));
  });
});
